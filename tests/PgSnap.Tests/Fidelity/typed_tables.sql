CREATE SCHEMA tt;
CREATE TYPE tt.person AS (id integer, name text, email text);
CREATE TABLE tt.people OF tt.person (
    id WITH OPTIONS PRIMARY KEY,
    name WITH OPTIONS NOT NULL DEFAULT 'anon',
    CONSTRAINT email_has_at CHECK (email LIKE '%@%'));
CREATE TABLE tt.plain_people OF tt.person;
COMMENT ON COLUMN tt.people.name IS 'display name';
