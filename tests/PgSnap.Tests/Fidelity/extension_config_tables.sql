-- User rows of extension configuration tables (pg_extension_config_dump, filtered by its condition) and values of
-- configuration sequences, with a user table whose foreign key needs a user row; and privileges changed on the
-- extension's member tables, view, sequence and function, including revoking what the extension script granted.
-- pgsnap_cfgtest is the tests' own extension (Fidelity/extensions, installed into each test server's share folder).
DO $$ BEGIN CREATE ROLE pgsnap_xc_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgsnap_xc_writer; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE SCHEMA cfgext;
CREATE EXTENSION pgsnap_cfgtest WITH SCHEMA cfgext;
INSERT INTO cfgext.cfg_items VALUES (10, 'user row', true), (11, E'another, with a tab\there', true);
INSERT INTO cfgext.cfg_log VALUES (1, 'all rows of this table are the user''s', NULL), (2, NULL, 'x');
SELECT nextval('cfgext.cfg_ids'), nextval('cfgext.cfg_ids'), nextval('cfgext.cfg_ids');
CREATE TABLE public.item_refs (id integer PRIMARY KEY, item integer NOT NULL REFERENCES cfgext.cfg_items (id));
INSERT INTO public.item_refs VALUES (1, 10), (2, 1), (3, 11);
REVOKE SELECT ON cfgext.cfg_items FROM PUBLIC;
GRANT SELECT, INSERT ON cfgext.cfg_items TO pgsnap_xc_reader;
GRANT SELECT ON cfgext.cfg_items TO pgsnap_xc_writer WITH GRANT OPTION;
GRANT SELECT ON cfgext.cfg_user_items TO pgsnap_xc_reader, pgsnap_xc_writer;
GRANT UPDATE (note) ON cfgext.cfg_log TO pgsnap_xc_writer;
REVOKE SELECT (note) ON cfgext.cfg_log FROM PUBLIC;
GRANT USAGE ON SEQUENCE cfgext.cfg_ids TO pgsnap_xc_writer;
GRANT EXECUTE ON FUNCTION cfgext.cfg_count() TO pgsnap_xc_reader;
