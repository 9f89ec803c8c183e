-- Privileges changed after CREATE EXTENSION on extension members, and on objects initdb created: pg_dump dumps the
-- difference from pg_init_privs although it dumps neither the members nor the built-in objects themselves.
DO $$ BEGIN CREATE ROLE pgsnap_ip_anon; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE pgsnap_ip_auth; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "pgsnap ip Service"; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE SCHEMA extensions;
GRANT USAGE ON SCHEMA extensions TO pgsnap_ip_anon, pgsnap_ip_auth;
CREATE EXTENSION pgcrypto WITH SCHEMA extensions;
CREATE EXTENSION "uuid-ossp" WITH SCHEMA extensions;
CREATE EXTENSION hstore WITH SCHEMA extensions;
CREATE EXTENSION postgres_fdw;
-- Extension member functions: revoked from PUBLIC, granted to several roles, one with grant option.
REVOKE EXECUTE ON FUNCTION extensions.digest(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION extensions.digest(text, text) TO pgsnap_ip_auth, "pgsnap ip Service";
GRANT EXECUTE ON FUNCTION extensions.crypt(text, text) TO pgsnap_ip_anon WITH GRANT OPTION;
REVOKE ALL ON FUNCTION extensions.uuid_generate_v4() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION extensions.uuid_generate_v4() TO pgsnap_ip_anon, pgsnap_ip_auth;
GRANT EXECUTE ON FUNCTION extensions.uuid_nil() TO "pgsnap ip Service";
-- An extension member type and an extension member foreign-data wrapper.
REVOKE USAGE ON TYPE extensions.hstore FROM PUBLIC;
GRANT USAGE ON TYPE extensions.hstore TO pgsnap_ip_auth;
GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO "pgsnap ip Service";
-- Built-in objects: a catalog function, a catalog type, catalog table columns (pg_subscription's column grants are
-- themselves initdb's), the pg_catalog schema, and the plpgsql language (a member of the built-in plpgsql extension).
GRANT EXECUTE ON FUNCTION pg_catalog.pg_stat_reset() TO pgsnap_ip_auth;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_reload_conf() TO "pgsnap ip Service";
REVOKE USAGE ON TYPE pg_catalog.money FROM PUBLIC;
GRANT SELECT (relname, relkind) ON pg_catalog.pg_class TO pgsnap_ip_anon;
GRANT SELECT ON pg_catalog.pg_authid TO "pgsnap ip Service";
REVOKE SELECT (subname) ON pg_catalog.pg_subscription FROM PUBLIC;
GRANT USAGE ON SCHEMA pg_catalog TO pgsnap_ip_anon WITH GRANT OPTION;
GRANT USAGE ON LANGUAGE plpgsql TO pgsnap_ip_auth;
REVOKE ALL ON LANGUAGE plpgsql FROM PUBLIC;
-- A user table that uses a member function, so the function must exist before the table.
CREATE TABLE public.tokens (id uuid DEFAULT extensions.uuid_generate_v4() PRIMARY KEY, secret text DEFAULT extensions.crypt('x', extensions.gen_salt('bf', 4)));
