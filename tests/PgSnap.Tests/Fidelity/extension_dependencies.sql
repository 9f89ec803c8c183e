-- Objects marked as depending on an extension (ALTER ... DEPENDS ON EXTENSION, pg_depend 'x'): functions,
-- procedures, triggers, materialized views and indexes, one of them on two extensions.
CREATE SCHEMA xdep;
CREATE EXTENSION hstore WITH SCHEMA xdep;
CREATE EXTENSION pg_trgm WITH SCHEMA xdep;
CREATE TABLE xdep.docs (id integer PRIMARY KEY, attrs xdep.hstore, body text);
CREATE FUNCTION xdep.attr(d xdep.docs, k text) RETURNS text LANGUAGE sql STABLE AS 'SELECT xdep.fetchval(d.attrs, k)';
ALTER FUNCTION xdep.attr(xdep.docs, text) DEPENDS ON EXTENSION hstore;
ALTER FUNCTION xdep.attr(xdep.docs, text) DEPENDS ON EXTENSION pg_trgm;
CREATE PROCEDURE xdep.touch(i integer) LANGUAGE sql AS 'UPDATE xdep.docs SET body = body WHERE id = i';
ALTER PROCEDURE xdep.touch(integer) DEPENDS ON EXTENSION hstore;
CREATE FUNCTION xdep.keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER docs_keep BEFORE INSERT ON xdep.docs FOR EACH ROW EXECUTE FUNCTION xdep.keep();
ALTER TRIGGER docs_keep ON xdep.docs DEPENDS ON EXTENSION pg_trgm;
CREATE INDEX docs_body ON xdep.docs USING gin (body xdep.gin_trgm_ops);
ALTER INDEX xdep.docs_body DEPENDS ON EXTENSION pg_trgm;
CREATE MATERIALIZED VIEW xdep.doc_keys AS SELECT id, xdep.akeys(attrs) AS keys FROM xdep.docs;
ALTER MATERIALIZED VIEW xdep.doc_keys DEPENDS ON EXTENSION hstore;
