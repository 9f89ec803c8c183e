DO $$ BEGIN CREATE ROLE pgsnap_fdw_user; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE FOREIGN DATA WRAPPER pgsnap_dummy_fdw OPTIONS (debug 'true');
CREATE SERVER pgsnap_remote TYPE 'test' VERSION '1.0' FOREIGN DATA WRAPPER pgsnap_dummy_fdw OPTIONS (host 'db.example.com', dbname 'it''s');
CREATE USER MAPPING FOR pgsnap_fdw_user SERVER pgsnap_remote OPTIONS (user 'remote', password 'not-secret');
CREATE USER MAPPING FOR PUBLIC SERVER pgsnap_remote;
GRANT USAGE ON FOREIGN SERVER pgsnap_remote TO pgsnap_fdw_user;
COMMENT ON SERVER pgsnap_remote IS 'remote box';
CREATE SCHEMA remote;
CREATE FOREIGN TABLE remote.accounts (id int OPTIONS (column_name 'account_id') NOT NULL, name text COLLATE "C") SERVER pgsnap_remote OPTIONS (schema_name 'public', table_name 'accounts');
COMMENT ON FOREIGN TABLE remote.accounts IS 'over there';
CREATE SCHEMA pub;
CREATE TABLE pub.items (id int PRIMARY KEY, name text, secret text, active boolean);
CREATE TABLE pub.events (id int PRIMARY KEY);
CREATE TABLE pub.other (id int PRIMARY KEY);
CREATE PUBLICATION pgsnap_items FOR TABLE pub.items (id, name) WHERE (active), pub.events WITH (publish = 'insert, update'); -- requires: 15 publication column lists and row filters
CREATE PUBLICATION pgsnap_items FOR TABLE pub.items, pub.events WITH (publish = 'insert, update'); -- before: 15
CREATE PUBLICATION pgsnap_schema FOR TABLES IN SCHEMA pub WITH (publish_via_partition_root = true); -- requires: 15 FOR TABLES IN SCHEMA publications
CREATE PUBLICATION pgsnap_all FOR ALL TABLES;
COMMENT ON PUBLICATION pgsnap_all IS 'everything';
