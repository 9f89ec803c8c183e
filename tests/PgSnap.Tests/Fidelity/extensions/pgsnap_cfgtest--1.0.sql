\echo Use "CREATE EXTENSION pgsnap_cfgtest" to load this file. \quit

-- Rows the script inserts are the extension's own (is_user false); rows users add are dumped, filtered by the condition.
CREATE TABLE @extschema@.cfg_items (id integer PRIMARY KEY, name text NOT NULL, is_user boolean NOT NULL DEFAULT true);
INSERT INTO @extschema@.cfg_items VALUES (1, 'shipped one', false), (2, 'shipped two', false);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.cfg_items', 'WHERE is_user');

-- A configuration table without condition (all its rows are the user's) and a configuration sequence.
CREATE TABLE @extschema@.cfg_log (id integer, note text, detail text);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.cfg_log', '');
CREATE SEQUENCE @extschema@.cfg_ids;
SELECT pg_catalog.pg_extension_config_dump('@extschema@.cfg_ids', '');

CREATE VIEW @extschema@.cfg_user_items AS SELECT id, name FROM @extschema@.cfg_items WHERE is_user;
CREATE FUNCTION @extschema@.cfg_count() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM @extschema@.cfg_items';

-- Privileges set by the script itself become the members' pg_init_privs ('e').
GRANT SELECT ON @extschema@.cfg_items TO PUBLIC;
GRANT SELECT (id, note) ON @extschema@.cfg_log TO PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.cfg_count() FROM PUBLIC;
