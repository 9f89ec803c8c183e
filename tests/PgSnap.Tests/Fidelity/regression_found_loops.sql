-- More of what PostgreSQL's regression database (tests/PgSnap.Tests/Corpus) found, each reduced to the objects that
-- show it: shell operators, a comment DROP SUBSCRIPTION leaves behind, a multirange type's own privileges before 16,
-- and a CHECK constraint in a dependency loop with its table.

-- An operator whose NEGATOR never got defined (the regression suite's create_operator: === with NEGATOR = !==):
-- the server keeps !== as a shell with no function, which only the CREATE OPERATOR naming it can make again.
CREATE FUNCTION rfl_bool_eq(boolean, boolean) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT $1 = $2 $$;
CREATE OPERATOR === (LEFTARG = boolean, RIGHTARG = boolean, FUNCTION = rfl_bool_eq, COMMUTATOR = ===, NEGATOR = !==);

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
