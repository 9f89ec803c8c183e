-- Classes of loss found by the objects of pg_dump's own TAP suite (the pg_dump_tap corpus): collations of any
-- encoding, the order of a view's options, the public schema's privileges after an owner change, the access method
-- of a partitioned table, NOT NULL constraints that children inherit from a NOT VALID one, and a publication of
-- generated columns.
DO $$ BEGIN CREATE ROLE "pgsnap tap ""Owner"""; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE SCHEMA tapfound;

-- Libc collations copied from "C" and "POSIX" are usable with any encoding (collencoding -1); one made with
-- locale = 'C' is bound to the database encoding before 18.
CREATE COLLATION tapfound.any_c FROM "C";
CREATE COLLATION tapfound.any_posix FROM "POSIX";
CREATE COLLATION tapfound.bound_c (provider = libc, locale = 'C');
COMMENT ON COLLATION tapfound.any_c IS 'a copy of C';

-- A view's options in the order they were given, check_option before and after another option.
CREATE TABLE tapfound.base (a int);
CREATE VIEW tapfound.check_first WITH (check_option = 'local', security_barrier = true) AS SELECT a FROM tapfound.base;
CREATE VIEW tapfound.check_last WITH (security_barrier = true) AS SELECT a FROM tapfound.base WITH CASCADED CHECK OPTION;
CREATE VIEW tapfound.check_only AS SELECT a FROM tapfound.base WITH LOCAL CHECK OPTION;

-- The public schema handed to another role, which revokes its own privileges and grants PUBLIC only USAGE.
ALTER SCHEMA public OWNER TO "pgsnap tap ""Owner""";
SET ROLE "pgsnap tap ""Owner""";
REVOKE ALL ON SCHEMA public FROM "pgsnap tap ""Owner""";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO PUBLIC;
RESET ROLE;

-- A partitioned table with a table access method (its partitions take it by default), and one with heap named.
CREATE ACCESS METHOD tapfound_am TYPE TABLE HANDLER heap_tableam_handler;
CREATE TABLE tapfound.am_parent (id int) PARTITION BY LIST (id) USING tapfound_am; -- requires: 17 access methods of partitioned tables
CREATE TABLE tapfound.am_part PARTITION OF tapfound.am_parent FOR VALUES IN (1); -- requires: 17 access methods of partitioned tables
CREATE TABLE tapfound.heap_parent (id int) PARTITION BY LIST (id) USING heap; -- requires: 17 access methods of partitioned tables
INSERT INTO tapfound.am_part VALUES (1); -- requires: 17 access methods of partitioned tables

-- 18: a NOT VALID NOT NULL constraint of a parent, validated (and commented) in some children and a grandchild, not
-- in another; one child also inherits a valid one from a second parent. (No NULLs: a data-only restore loads rows
-- into the schema-only restore, where the NOT VALID constraint already checks them, as after pg_dump -a.)
CREATE TABLE tapfound.nn_parent (col1 int);
CREATE TABLE tapfound.nn_parent2 (col1 int NOT NULL);
CREATE TABLE tapfound.nn_child1 () INHERITS (tapfound.nn_parent);
CREATE TABLE tapfound.nn_child2 (col1 int, note text) INHERITS (tapfound.nn_parent);
CREATE TABLE tapfound.nn_child3 () INHERITS (tapfound.nn_parent, tapfound.nn_parent2);
CREATE TABLE tapfound.nn_child4 () INHERITS (tapfound.nn_parent);
CREATE TABLE tapfound.nn_grandchild () INHERITS (tapfound.nn_child2);
INSERT INTO tapfound.nn_child1 VALUES (1);
INSERT INTO tapfound.nn_child2 VALUES (2, 'two');
INSERT INTO tapfound.nn_grandchild VALUES (3, 'three');
INSERT INTO tapfound.nn_child4 VALUES (4);
ALTER TABLE tapfound.nn_parent ADD CONSTRAINT nn NOT NULL col1 NOT VALID; -- requires: 18 NOT VALID NOT NULL constraints
ALTER TABLE tapfound.nn_child1 VALIDATE CONSTRAINT nn; -- requires: 18 NOT VALID NOT NULL constraints
ALTER TABLE tapfound.nn_child2 VALIDATE CONSTRAINT nn; -- requires: 18 NOT VALID NOT NULL constraints
COMMENT ON CONSTRAINT nn ON tapfound.nn_parent IS 'not valid here'; -- requires: 18 NOT VALID NOT NULL constraints
COMMENT ON CONSTRAINT nn ON tapfound.nn_child2 IS 'validated in a child'; -- requires: 18 NOT VALID NOT NULL constraints
COMMENT ON CONSTRAINT nn ON tapfound.nn_grandchild IS 'validated with its parent'; -- requires: 18 NOT VALID NOT NULL constraints
COMMENT ON CONSTRAINT nn ON tapfound.nn_child4 IS 'still not valid'; -- requires: 18 NOT VALID NOT NULL constraints

-- 18: a publication that replicates stored generated columns.
CREATE PUBLICATION tapfound_gencols WITH (publish_generated_columns = stored); -- requires: 18 publish_generated_columns

-- A privilege on a system column of a catalog table (pg_dump reads every column's privileges, system ones too).
GRANT SELECT (tableoid, relname) ON pg_catalog.pg_class TO "pgsnap tap ""Owner""";
