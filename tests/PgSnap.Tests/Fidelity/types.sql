CREATE SCHEMA kinds;
CREATE TYPE kinds.mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE kinds.mood ADD VALUE 'meh' BEFORE 'ok';
ALTER TYPE kinds.mood ADD VALUE 'ecstatic' AFTER 'happy';
CREATE TYPE kinds.empty_enum AS ENUM ();
CREATE TYPE kinds.address AS (street text, city text COLLATE "C", zip varchar(10));
COMMENT ON TYPE kinds.address IS 'postal address';
CREATE DOMAIN kinds.posint AS integer NOT NULL DEFAULT 1 CONSTRAINT posint_check CHECK (VALUE > 0) CONSTRAINT posint_small CHECK (VALUE < 1000000);
CREATE DOMAIN kinds.email AS text COLLATE "C" CHECK (VALUE ~ '@');
ALTER DOMAIN kinds.email ADD CONSTRAINT email_len CHECK (length(VALUE) < 300) NOT VALID;
CREATE DOMAIN kinds.moods AS kinds.mood[];
CREATE FUNCTION kinds.float8_diff(a float8, b float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT a - b';
CREATE TYPE kinds.floatrange AS RANGE (subtype = float8, subtype_diff = kinds.float8_diff);
CREATE TYPE kinds.textrange AS RANGE (subtype = text, collation = "C", multirange_type_name = kinds.textranges); -- requires: 14 multiranges (multirange_type_name)
CREATE TYPE kinds.textrange AS RANGE (subtype = text, collation = "C"); -- before: 14
CREATE TABLE kinds.people (
    id kinds.posint PRIMARY KEY,
    mood kinds.mood DEFAULT 'ok',
    home kinds.address,
    contact kinds.email,
    history kinds.moods,
    span kinds.floatrange,
    names kinds.textrange[]
);
CREATE TYPE kinds.uses_table AS (p kinds.people, n int);
