-- Bugs the outside corpus (tests/PgSnap.Tests/Corpus: PostgreSQL's regression database, pg_dump's TAP objects, an
-- extension database) found, each reduced to the objects that show it.

-- A cast whose function returns text, which is binary-coercible to the target only through an implicit cast (the
-- regression suite's create_cast): the server checks that when the cast is created, pg_depend does not record it,
-- and once the type is out both casts are ready, "(integer AS …)" first by name (the function sorts before the type's
-- I/O functions, as bar_int4_text does before casttesttype_in there).
CREATE TYPE rf_cast_type;
CREATE FUNCTION rf_cast_in(cstring) RETURNS rf_cast_type AS 'textin' LANGUAGE internal STRICT IMMUTABLE;
CREATE FUNCTION rf_cast_out(rf_cast_type) RETURNS cstring AS 'textout' LANGUAGE internal STRICT IMMUTABLE;
CREATE TYPE rf_cast_type (INTERNALLENGTH = variable, INPUT = rf_cast_in, OUTPUT = rf_cast_out, ALIGNMENT = int4);
CREATE CAST (text AS rf_cast_type) WITHOUT FUNCTION AS IMPLICIT;
CREATE FUNCTION rf_a_int4_text(int4) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'n' || $1::text $$;
CREATE CAST (int4 AS rf_cast_type) WITH FUNCTION rf_a_int4_text(int4) AS IMPLICIT;

-- A materialized view read through a plain view by another materialized view whose name sorts first (the
-- regression suite's matview: mvtest_bb over mvtest_tvvmv over mvtest_tvvm): its refresh must wait for the other's.
CREATE TABLE rf_base (a int);
INSERT INTO rf_base VALUES (1), (2);
CREATE MATERIALIZED VIEW rf_mv_zz AS SELECT a FROM rf_base;
CREATE VIEW rf_v AS SELECT a FROM rf_mv_zz;
CREATE MATERIALIZED VIEW rf_mv_aa AS SELECT sum(a) AS total FROM rf_v;

-- An unlogged table whose identity sequence was set LOGGED (the regression suite's identity): the column creates
-- its sequence unlogged like the table, so the sequence's own persistence must be set after it.
CREATE UNLOGGED TABLE rf_identity_unlogged (a int GENERATED ALWAYS AS IDENTITY, b text);
ALTER SEQUENCE rf_identity_unlogged_a_seq SET LOGGED; -- requires: 15 ALTER SEQUENCE … SET LOGGED
INSERT INTO rf_identity_unlogged (b) VALUES ('one'), ('two');
