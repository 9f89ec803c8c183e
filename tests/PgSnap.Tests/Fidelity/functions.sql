CREATE SCHEMA fn;
CREATE TABLE fn.ledger (id serial PRIMARY KEY, amount numeric NOT NULL, note text);
CREATE FUNCTION fn.add(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a + b $$;
CREATE FUNCTION fn.total() RETURNS numeric LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(amount) FROM fn.ledger; END; -- requires: 14 SQL-standard function bodies (BEGIN ATOMIC)
CREATE FUNCTION fn.split(IN s text, OUT first text, OUT rest text) LANGUAGE plpgsql AS $body$
BEGIN
    first := split_part(s, ' ', 1);
    rest := substr(s, length(first) + 2);
END
$body$;
CREATE FUNCTION fn.rows_over(min numeric) RETURNS TABLE (id int, amount numeric) LANGUAGE sql ROWS 50 AS $$ SELECT id, amount FROM fn.ledger WHERE amount > min $$;
CREATE FUNCTION fn.secure() RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET work_mem = '8MB' COST 500 AS $$ BEGIN RETURN current_user; END $$;
CREATE FUNCTION fn.variadic_sum(VARIADIC nums int[]) RETURNS bigint LANGUAGE sql AS $$ SELECT sum(x) FROM unnest(nums) x $$;
CREATE FUNCTION fn.poly(anyelement) RETURNS anyelement LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION fn.set_of() RETURNS SETOF fn.ledger LANGUAGE sql AS 'SELECT * FROM fn.ledger';
CREATE FUNCTION fn.overload(int) RETURNS int LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION fn.overload(text) RETURNS text LANGUAGE sql AS 'SELECT $1';
CREATE PROCEDURE fn.insert_row(p_amount numeric) LANGUAGE sql AS $$ INSERT INTO fn.ledger (amount) VALUES (p_amount) $$;
CREATE FUNCTION fn.positive(numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0';
CREATE TABLE fn.checked (v numeric CHECK (fn.positive(v)), w int DEFAULT fn.add(1, 2));
CREATE FUNCTION fn.acc(state numeric, v numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT coalesce(state, 0) + v';
CREATE FUNCTION fn.fin(state numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT state * 2';
CREATE AGGREGATE fn.double_sum(numeric) (SFUNC = fn.acc, STYPE = numeric, FINALFUNC = fn.fin, INITCOND = '0', PARALLEL = SAFE);
CREATE AGGREGATE fn.my_max(int) (SFUNC = int4larger, STYPE = int, SORTOP = >, COMBINEFUNC = int4larger);
CREATE AGGREGATE fn.cnt(*) (SFUNC = int8inc, STYPE = int8, INITCOND = '0');
CREATE AGGREGATE fn.moving(numeric) (SFUNC = numeric_add, STYPE = numeric, MSFUNC = numeric_add, MINVFUNC = numeric_sub, MSTYPE = numeric);
COMMENT ON FUNCTION fn.add(integer, integer) IS 'adds';
COMMENT ON AGGREGATE fn.double_sum(numeric) IS 'twice the sum';
COMMENT ON PROCEDURE fn.insert_row(numeric) IS 'inserts';
REVOKE EXECUTE ON FUNCTION fn.secure() FROM PUBLIC;
