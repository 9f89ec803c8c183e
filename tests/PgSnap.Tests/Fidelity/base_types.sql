CREATE SCHEMA bt;
-- A fixed-length, pass-by-value base type whose I/O functions reuse the built-in int4 ones (as pg_dump's own tests do).
CREATE TYPE bt.myint;
CREATE FUNCTION bt.myint_in(cstring) RETURNS bt.myint LANGUAGE internal IMMUTABLE STRICT AS 'int4in';
CREATE FUNCTION bt.myint_out(bt.myint) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'int4out';
CREATE FUNCTION bt.myint_recv(internal) RETURNS bt.myint LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
CREATE FUNCTION bt.myint_send(bt.myint) RETURNS bytea LANGUAGE internal IMMUTABLE STRICT AS 'int4send';
CREATE TYPE bt.myint (
    INPUT = bt.myint_in, OUTPUT = bt.myint_out, RECEIVE = bt.myint_recv, SEND = bt.myint_send,
    INTERNALLENGTH = 4, PASSEDBYVALUE, ALIGNMENT = int4, STORAGE = plain,
    CATEGORY = 'N', PREFERRED = true, DEFAULT = '42', DELIMITER = ';');
COMMENT ON TYPE bt.myint IS 'an int by another name';
-- A variable-length, collatable type with typmod and analyze functions.
CREATE TYPE bt.mytext;
CREATE FUNCTION bt.mytext_in(cstring) RETURNS bt.mytext LANGUAGE internal IMMUTABLE STRICT AS 'textin';
CREATE FUNCTION bt.mytext_out(bt.mytext) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'textout';
CREATE FUNCTION bt.mytext_typmod_in(cstring[]) RETURNS integer LANGUAGE internal IMMUTABLE STRICT AS 'varchartypmodin';
CREATE FUNCTION bt.mytext_typmod_out(integer) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'varchartypmodout';
CREATE FUNCTION bt.mytext_analyze(internal) RETURNS boolean LANGUAGE internal STRICT AS 'array_typanalyze';
CREATE TYPE bt.mytext (
    INPUT = bt.mytext_in, OUTPUT = bt.mytext_out, TYPMOD_IN = bt.mytext_typmod_in, TYPMOD_OUT = bt.mytext_typmod_out,
    ANALYZE = bt.mytext_analyze, INTERNALLENGTH = variable, ALIGNMENT = int4, STORAGE = extended, COLLATABLE = true);
-- A fixed-length array-like type with an element type and a subscript handler (13 warns that it does not know
-- SUBSCRIPT and makes the type without it, which round-trips as well).
CREATE TYPE bt.int4pair;
CREATE FUNCTION bt.int4pair_in(cstring) RETURNS bt.int4pair LANGUAGE internal IMMUTABLE STRICT AS 'int8in';
CREATE FUNCTION bt.int4pair_out(bt.int4pair) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'int8out';
CREATE TYPE bt.int4pair (INPUT = bt.int4pair_in, OUTPUT = bt.int4pair_out, INTERNALLENGTH = 8, ELEMENT = integer, SUBSCRIPT = raw_array_subscript_handler, ALIGNMENT = double, STORAGE = plain);
-- A shell type that was never completed.
CREATE TYPE bt.just_shell;
-- Users of the types: a table, a function taking one, an array column.
CREATE TABLE bt.uses (v bt.myint, vs bt.myint[], t bt.mytext(12) COLLATE "C", p bt.int4pair);
CREATE FUNCTION bt.myint_id(x bt.myint) RETURNS bt.myint LANGUAGE sql IMMUTABLE AS 'SELECT x';
DO $$ BEGIN CREATE ROLE pgsnap_type_user; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT USAGE ON TYPE bt.myint TO pgsnap_type_user;
