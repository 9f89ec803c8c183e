CREATE SCHEMA win;
-- WINDOW functions (only internal/C code can be one): pg_get_functiondef writes the WINDOW attribute.
CREATE FUNCTION win.my_row_number() RETURNS bigint LANGUAGE internal WINDOW IMMUTABLE AS 'window_row_number';
CREATE FUNCTION win.my_lag(anyelement, integer) RETURNS anyelement LANGUAGE internal WINDOW IMMUTABLE STRICT PARALLEL SAFE AS 'window_lag_with_offset';
COMMENT ON FUNCTION win.my_lag(anyelement, integer) IS 'lag by another name';
-- A user aggregate with a moving-aggregate implementation, used as a window function over a sliding frame.
CREATE FUNCTION win.sum_step(state bigint, v integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT state + coalesce(v, 0)';
CREATE FUNCTION win.sum_unstep(state bigint, v integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT state - coalesce(v, 0)';
CREATE FUNCTION win.sum_final(state bigint) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT state::numeric';
CREATE AGGREGATE win.moving_sum(integer) (
    SFUNC = win.sum_step, STYPE = bigint, INITCOND = '0', FINALFUNC = win.sum_final,
    MSFUNC = win.sum_step, MINVFUNC = win.sum_unstep, MSTYPE = bigint, MINITCOND = '0', MFINALFUNC = win.sum_final,
    PARALLEL = SAFE);
-- Ordered-set and hypothetical-set aggregates built from the server's own support functions.
CREATE AGGREGATE win.my_percentile_disc(float8 ORDER BY anyelement) (
    SFUNC = ordered_set_transition, STYPE = internal, FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA);
CREATE AGGREGATE win.my_rank(VARIADIC "any" ORDER BY VARIADIC "any") (
    SFUNC = ordered_set_transition_multi, STYPE = internal, FINALFUNC = rank_final, FINALFUNC_EXTRA, HYPOTHETICAL);
CREATE TABLE win.readings (at timestamptz NOT NULL, v integer);
CREATE VIEW win.rolling AS
    SELECT at,
           win.moving_sum(v) OVER (ORDER BY at ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS s,
           win.my_row_number() OVER w AS n,
           win.my_lag(v, 1) OVER w AS previous
    FROM win.readings WINDOW w AS (ORDER BY at);
