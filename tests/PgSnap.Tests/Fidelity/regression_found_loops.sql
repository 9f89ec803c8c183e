-- More of what PostgreSQL's regression database (tests/PgSnap.Tests/Corpus) found, each reduced to the objects that
-- show it: shell operators, a comment DROP SUBSCRIPTION leaves behind, a multirange type's own privileges before 16,
-- a CHECK constraint in a dependency loop with its table, a large object below the first user oid, ACLs equal to
-- their default.

-- An operator whose NEGATOR never got defined (the regression suite's create_operator: === with NEGATOR = !==):
-- the server keeps !== as a shell with no function, which only the CREATE OPERATOR naming it can make again.
CREATE FUNCTION rfl_bool_eq(boolean, boolean) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT $1 = $2 $$;
CREATE OPERATOR === (LEFTARG = boolean, RIGHTARG = boolean, FUNCTION = rfl_bool_eq, COMMUTATOR = ===, NEGATOR = !==);
-- Once the operator naming it is dropped, the shell names nothing (the regression suite leaves public.!== so): it has
-- no function and no use, and is left out on purpose, as pg_dump leaves out every shell.
CREATE OPERATOR <<>> (LEFTARG = boolean, RIGHTARG = boolean, FUNCTION = rfl_bool_eq, NEGATOR = !<<>>);
DROP OPERATOR <<>> (boolean, boolean);

-- A subscription's comment outlives DROP SUBSCRIPTION (the regression suite's subscription): a comment on nothing.
CREATE SUBSCRIPTION rfl_sub CONNECTION 'dbname=rfl_nowhere' PUBLICATION rfl_pub WITH (connect = false, slot_name = NONE);
COMMENT ON SUBSCRIPTION rfl_sub IS 'gone with the subscription';
DROP SUBSCRIPTION rfl_sub;

-- Before 16 a multirange type has privileges of its own (the regression suite's multirangetypes: revoked from PUBLIC
-- through the multirange itself, which 16 refuses).
CREATE TYPE rfl_textrange AS RANGE (subtype = text, multirange_type_name = rfl_textmultirange, collation = "C"); -- requires: 14 multirange types
REVOKE USAGE ON TYPE rfl_textmultirange FROM PUBLIC; -- requires: 14 multirange types (and 15 at most) -- before: 16

-- A CHECK constraint calling a function over its own table's row type (the regression suite's copy2: check_con_tbl):
-- the table cannot wait for the function, which needs the table's row type.
CREATE TABLE rfl_check_loop (f1 int);
CREATE FUNCTION rfl_check_loop_ok(rfl_check_loop) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN $1.f1 > 0; END $$;
ALTER TABLE rfl_check_loop ADD CONSTRAINT rfl_positive CHECK (rfl_check_loop_ok(rfl_check_loop.*));
COMMENT ON CONSTRAINT rfl_positive ON rfl_check_loop IS 'added after the function';
INSERT INTO rfl_check_loop VALUES (1), (NULL);

-- A large object whose oid sits below the first user oid (the regression suite's lo_create(2121)), with a comment.
SELECT lo_create(2121);
COMMENT ON LARGE OBJECT 2121 IS 'a comment below the first user oid';

-- Grants that leave an ACL equal to its default, but written out (the regression suite's rowsecurity f_leak and
-- foreign_key's fk_notpartitioned_pk): the restored ACL is written out too.
CREATE FUNCTION rfl_leak(text) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
GRANT EXECUTE ON FUNCTION rfl_leak(text) TO PUBLIC;
CREATE TABLE rfl_acl_default (a int);
GRANT ALL ON TABLE rfl_acl_default TO CURRENT_USER;

-- A partition's foreign key under a name of its own from before the partition was attached (the regression suite's
-- foreign_key: fk_partitioned_fk_4_a_b_fkey): ATTACH PARTITION made it the parent key's copy and kept its name.
CREATE TABLE rfl_pk (a int PRIMARY KEY);
INSERT INTO rfl_pk VALUES (1);
CREATE TABLE rfl_fk (a int) PARTITION BY RANGE (a);
ALTER TABLE rfl_fk ADD FOREIGN KEY (a) REFERENCES rfl_pk;
CREATE TABLE rfl_fk_1 (a int, CONSTRAINT rfl_fk_1_own_name FOREIGN KEY (a) REFERENCES rfl_pk);
ALTER TABLE rfl_fk ATTACH PARTITION rfl_fk_1 FOR VALUES FROM (0) TO (10);
CREATE TABLE rfl_fk_2 PARTITION OF rfl_fk FOR VALUES FROM (10) TO (20);
INSERT INTO rfl_fk VALUES (1);
