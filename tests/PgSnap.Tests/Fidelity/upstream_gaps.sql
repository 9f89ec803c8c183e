-- Classes of loss found dumping databases nobody on the team wrote: comments on constraints and operator families,
-- operator classes without members, inherited generated columns and defaults, partition trigger states, and
-- per-column attributes of materialized views.
CREATE SCHEMA gaps;

-- Comments on every kind of table constraint, on a child's inherited copy, on a partition's cloned foreign key.
CREATE TABLE gaps.parent (id int PRIMARY KEY, code text UNIQUE, qty int CONSTRAINT qty_positive CHECK (qty > 0), during int4range, EXCLUDE USING gist (during WITH &&), nn int CONSTRAINT nn_named NOT NULL);
CREATE TABLE gaps.child (extra text) INHERITS (gaps.parent);
CREATE TABLE gaps.ref (id int REFERENCES gaps.parent (id), CONSTRAINT ref_check CHECK (id <> 0) NOT VALID);
COMMENT ON CONSTRAINT parent_pkey ON gaps.parent IS 'primary key';
COMMENT ON CONSTRAINT parent_code_key ON gaps.parent IS 'unique';
COMMENT ON CONSTRAINT qty_positive ON gaps.parent IS 'check';
COMMENT ON CONSTRAINT qty_positive ON gaps.child IS 'inherited check';
COMMENT ON CONSTRAINT parent_during_excl ON gaps.parent IS 'exclusion';
COMMENT ON CONSTRAINT ref_id_fkey ON gaps.ref IS 'foreign key';
COMMENT ON CONSTRAINT ref_check ON gaps.ref IS 'check added after the data';
ALTER TABLE gaps.parent ADD CONSTRAINT qty_small CHECK (qty < 1000) NOT VALID;
COMMENT ON CONSTRAINT qty_small ON gaps.child IS 'inherited check added after the data';
COMMENT ON CONSTRAINT nn_named ON gaps.parent IS 'not null'; -- requires: 18 NOT NULL constraints with names
COMMENT ON CONSTRAINT nn_named ON gaps.child IS 'inherited not null'; -- requires: 18 NOT NULL constraints with names
CREATE TABLE gaps.late_nn (a int);
ALTER TABLE gaps.late_nn ADD CONSTRAINT late_nn_a NOT NULL a NOT VALID; -- requires: 18 NOT VALID NOT NULL constraints
COMMENT ON CONSTRAINT late_nn_a ON gaps.late_nn IS 'not valid not null'; -- requires: 18 NOT VALID NOT NULL constraints

-- Domain constraints: a valid and a NOT VALID check, a named NOT NULL, each commented.
CREATE DOMAIN gaps.small AS int CONSTRAINT small_max CHECK (VALUE < 100);
ALTER DOMAIN gaps.small ADD CONSTRAINT small_min CHECK (VALUE > -100) NOT VALID;
COMMENT ON CONSTRAINT small_max ON DOMAIN gaps.small IS 'domain check';
COMMENT ON CONSTRAINT small_min ON DOMAIN gaps.small IS 'domain check added later';
CREATE DOMAIN gaps.required AS text CONSTRAINT required_present NOT NULL;
COMMENT ON CONSTRAINT required_present ON DOMAIN gaps.required IS 'domain not null'; -- requires: 17 domain NOT NULL constraints in pg_constraint

-- Partitions: cloned foreign keys and triggers, with comments and with enable states that differ from the parent's.
CREATE FUNCTION gaps.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TABLE gaps.events (id int, at date, ref int REFERENCES gaps.parent (id)) PARTITION BY RANGE (at);
CREATE TABLE gaps.events_2024 PARTITION OF gaps.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE gaps.events_2025 PARTITION OF gaps.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (id);
CREATE TABLE gaps.events_2025_a PARTITION OF gaps.events_2025 FOR VALUES IN (1, 2);
CREATE TABLE gaps.events_2025_b PARTITION OF gaps.events_2025 FOR VALUES IN (3, 4);
CREATE TRIGGER ev_touch BEFORE INSERT ON gaps.events FOR EACH ROW EXECUTE FUNCTION gaps.touch();
CREATE TRIGGER ev_audit AFTER INSERT ON gaps.events FOR EACH ROW EXECUTE FUNCTION gaps.touch();
CREATE TRIGGER ev_repl AFTER UPDATE ON gaps.events FOR EACH ROW EXECUTE FUNCTION gaps.touch();
ALTER TABLE gaps.events ENABLE ALWAYS TRIGGER ev_repl;
ALTER TABLE gaps.events_2024 DISABLE TRIGGER ev_touch;
ALTER TABLE gaps.events_2024 ENABLE REPLICA TRIGGER ev_repl;
ALTER TABLE gaps.events_2025 DISABLE TRIGGER ev_audit;
ALTER TABLE gaps.events_2025_a ENABLE ALWAYS TRIGGER ev_audit;
COMMENT ON TRIGGER ev_touch ON gaps.events_2025_b IS 'cloned trigger';
COMMENT ON CONSTRAINT events_ref_fkey ON gaps.events_2024 IS 'cloned foreign key';
INSERT INTO gaps.parent (id, code, qty, during, nn) VALUES (1, 'a', 1, '[1,2)', 0), (3, 'b', 2, '[5,6)', 0);
INSERT INTO gaps.events VALUES (1, '2024-03-01', 1), (3, '2025-03-01', 3);

-- Operator classes: one whose only clause is STORAGE of its own type (no members at all), one with only a
-- different STORAGE type; families with loose members and a comment, also on a family an opclass created.
CREATE OPERATOR FAMILY gaps.empty_fam USING btree;
CREATE OPERATOR CLASS gaps.bare_ops FOR TYPE int4 USING btree FAMILY gaps.empty_fam AS STORAGE int4;
CREATE OPERATOR CLASS gaps.storage_only FOR TYPE int4 USING gist AS STORAGE int8;
CREATE FUNCTION gaps.cmp_rev(int4, int4) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT CASE WHEN $1 > $2 THEN -1 WHEN $1 < $2 THEN 1 ELSE 0 END';
CREATE OPERATOR CLASS gaps.rev_ops FOR TYPE int4 USING btree AS OPERATOR 1 >, OPERATOR 3 =, OPERATOR 5 <, FUNCTION 1 gaps.cmp_rev(int4, int4);
CREATE FUNCTION gaps.cmp_rev48(int4, int8) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT CASE WHEN $1 > $2 THEN -1 WHEN $1 < $2 THEN 1 ELSE 0 END';
ALTER OPERATOR FAMILY gaps.rev_ops USING btree ADD OPERATOR 3 = (int4, int8), FUNCTION 1 (int4, int8) gaps.cmp_rev48(int4, int8);
COMMENT ON OPERATOR FAMILY gaps.rev_ops USING btree IS 'family an opclass created';
COMMENT ON OPERATOR FAMILY gaps.empty_fam USING btree IS 'family created on its own';
COMMENT ON OPERATOR CLASS gaps.bare_ops USING btree IS 'no members';

-- Generated columns, defaults and identity under inheritance and partitioning.
CREATE TABLE gaps.gen_parent (a int DEFAULT 7, b int GENERATED ALWAYS AS (a * 2) STORED, c int DEFAULT 3);
CREATE TABLE gaps.gen_merged (b int) INHERITS (gaps.gen_parent);
CREATE TABLE gaps.gen_plain () INHERITS (gaps.gen_parent);
ALTER TABLE gaps.gen_plain ALTER COLUMN a DROP DEFAULT;
CREATE TABLE gaps.gen_local (c int) INHERITS (gaps.gen_parent);
ALTER TABLE gaps.gen_local ALTER COLUMN c DROP DEFAULT;
CREATE TABLE gaps.gen_own (a int, b int GENERATED ALWAYS AS (a * 3) STORED) INHERITS (gaps.gen_parent); -- requires: 16 child generation expressions that differ from the parent's
CREATE TABLE gaps.def_one (a int DEFAULT 1);
CREATE TABLE gaps.def_two (a int DEFAULT 2);
CREATE TABLE gaps.def_own (a int DEFAULT 3) INHERITS (gaps.def_one, gaps.def_two);
CREATE TABLE gaps.def_none (a int DEFAULT NULL) INHERITS (gaps.def_one, gaps.def_two);
INSERT INTO gaps.gen_merged (a) VALUES (1);
INSERT INTO gaps.gen_plain (a) VALUES (2);
INSERT INTO gaps.gen_local (a) VALUES (3);
CREATE TABLE gaps.gen_part (a int, b int GENERATED ALWAYS AS (a + 1) STORED) PARTITION BY RANGE (a);
CREATE TABLE gaps.gen_part_own PARTITION OF gaps.gen_part (b GENERATED ALWAYS AS (a + 100) STORED) FOR VALUES FROM (0) TO (10); -- requires: 16 partitions with their own generation expression
CREATE TABLE gaps.gen_part_same PARTITION OF gaps.gen_part FOR VALUES FROM (10) TO (20);
INSERT INTO gaps.gen_part (a) VALUES (15);
CREATE TABLE gaps.id_parent (id int GENERATED BY DEFAULT AS IDENTITY, v text);
CREATE TABLE gaps.id_child () INHERITS (gaps.id_parent);
CREATE TABLE gaps.id_part (id int GENERATED ALWAYS AS IDENTITY, k int) PARTITION BY LIST (k);
CREATE TABLE gaps.id_part_1 PARTITION OF gaps.id_part FOR VALUES IN (1);
INSERT INTO gaps.id_part (k) VALUES (1);
CREATE TABLE gaps.virt (a int, v int GENERATED ALWAYS AS (a * 10) VIRTUAL); -- requires: 18 virtual generated columns
CREATE TABLE gaps.virt_child (extra int) INHERITS (gaps.virt); -- requires: 18 virtual generated columns
CREATE TABLE gaps.virt_merged (v int) INHERITS (gaps.virt); -- requires: 18 virtual generated columns
INSERT INTO gaps.virt_merged (a) VALUES (4); -- requires: 18 virtual generated columns

-- Per-column attributes and replica identity of a materialized view.
CREATE MATERIALIZED VIEW gaps.mv AS SELECT g AS n, repeat('x', g) AS t FROM generate_series(1, 3) g;
ALTER MATERIALIZED VIEW gaps.mv ALTER COLUMN t SET COMPRESSION pglz; -- requires: 14 column compression
ALTER MATERIALIZED VIEW gaps.mv ALTER COLUMN n SET STATISTICS 321;
ALTER MATERIALIZED VIEW gaps.mv ALTER COLUMN t SET STORAGE EXTERNAL;
ALTER MATERIALIZED VIEW gaps.mv ALTER COLUMN n SET (n_distinct = 5);
ALTER TABLE gaps.mv REPLICA IDENTITY FULL;
