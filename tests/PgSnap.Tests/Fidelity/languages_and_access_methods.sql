-- A procedural language created by hand (not by an extension), with a C handler from a library the server has.
CREATE SCHEMA pl;
CREATE FUNCTION pl.myplpgsql_call_handler() RETURNS language_handler LANGUAGE c AS '$libdir/plpgsql', 'plpgsql_call_handler';
CREATE FUNCTION pl.myplpgsql_inline_handler(internal) RETURNS void LANGUAGE c STRICT AS '$libdir/plpgsql', 'plpgsql_inline_handler';
CREATE FUNCTION pl.myplpgsql_validator(oid) RETURNS void LANGUAGE c STRICT AS '$libdir/plpgsql', 'plpgsql_validator';
CREATE TRUSTED LANGUAGE myplpgsql HANDLER pl.myplpgsql_call_handler INLINE pl.myplpgsql_inline_handler VALIDATOR pl.myplpgsql_validator;
CREATE LANGUAGE myuntrusted HANDLER pl.myplpgsql_call_handler;
COMMENT ON LANGUAGE myplpgsql IS 'plpgsql under another name';
DO $$ BEGIN CREATE ROLE pgsnap_lang_user; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
REVOKE USAGE ON LANGUAGE myplpgsql FROM PUBLIC;
GRANT USAGE ON LANGUAGE myplpgsql TO pgsnap_lang_user;
CREATE FUNCTION pl.twice(x integer) RETURNS integer LANGUAGE myplpgsql IMMUTABLE AS $$ BEGIN RETURN x * 2; END $$;
-- A transform between a type and the hand-made language (the functions reuse built-in C code).
CREATE FUNCTION pl.int4_from_sql(internal) RETURNS internal LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
CREATE FUNCTION pl.int4_to_sql(internal) RETURNS integer LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
CREATE TRANSFORM FOR integer LANGUAGE myplpgsql (FROM SQL WITH FUNCTION pl.int4_from_sql(internal), TO SQL WITH FUNCTION pl.int4_to_sql(internal));
COMMENT ON TRANSFORM FOR integer LANGUAGE myplpgsql IS 'identity';
-- Access methods: a table AM reusing heap's handler, with a table using it, and an index AM reusing btree's.
CREATE ACCESS METHOD heap_copy TYPE TABLE HANDLER heap_tableam_handler;
CREATE ACCESS METHOD btree_copy TYPE INDEX HANDLER bthandler;
COMMENT ON ACCESS METHOD heap_copy IS 'heap again';
CREATE TABLE pl.stored_elsewhere (id integer, note text) USING heap_copy;
CREATE OPERATOR CLASS pl.int4_copy_ops DEFAULT FOR TYPE integer USING btree_copy AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 btint4cmp(integer, integer);
