-- Table data whose text form depends on the reading session: every reg* type naming objects in public, in another
-- schema and in pg_catalog (a restore reads them with an empty search_path, so they must be written qualified), and
-- dates, intervals and floats. The last statement gives the database hostile defaults (search_path, DateStyle,
-- IntervalStyle, extra_float_digits, TimeZone): a dump session that does not set pg_dump's settings itself writes
-- values the restore misreads or refuses.
CREATE SCHEMA regs;
DO $$ BEGIN CREATE ROLE pgsnap_reg_role; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "pgsnap Reg ""quoted"""; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TYPE public.reg_mood AS ENUM ('sad', 'ok');
CREATE TYPE regs.reg_mood AS ENUM ('sad', 'ok');
CREATE FUNCTION public.reg_add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION regs.reg_add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION public.reg_label(m public.reg_mood) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT m::text';
CREATE FUNCTION regs.reg_label(m regs.reg_mood) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT m::text';
CREATE OPERATOR public.=== (FUNCTION = public.reg_add, LEFTARG = integer, RIGHTARG = integer);
CREATE OPERATOR regs.=== (FUNCTION = regs.reg_add, LEFTARG = integer, RIGHTARG = integer);
CREATE COLLATION public.reg_c (locale = 'C');
CREATE COLLATION regs.reg_c (locale = 'C');
CREATE TEXT SEARCH CONFIGURATION public.reg_english (COPY = pg_catalog.english);
CREATE TEXT SEARCH CONFIGURATION regs.reg_english (COPY = pg_catalog.english);
CREATE TEXT SEARCH DICTIONARY public.reg_stem (TEMPLATE = snowball, language = 'english');
CREATE TEXT SEARCH DICTIONARY regs.reg_stem (TEMPLATE = snowball, language = 'english');
CREATE TABLE public.reg_target (id integer);
CREATE TABLE regs.reg_target (id integer);
CREATE TABLE public."Reg Odd" (id integer);
CREATE TABLE regs.reg_values (id integer PRIMARY KEY, c regclass, cfg regconfig, t regtype, p regproc, pp regprocedure, o regoper, oo regoperator, ns regnamespace, r regrole, coll regcollation, d regdictionary);
INSERT INTO regs.reg_values VALUES (1, 'public.reg_target', 'public.reg_english', 'public.reg_mood', 'public.reg_add', 'public.reg_add(integer,integer)', 'public.===', 'public.===(integer,integer)', 'public', 'pgsnap_reg_role', 'public.reg_c', 'public.reg_stem');
INSERT INTO regs.reg_values VALUES (2, 'regs.reg_target', 'regs.reg_english', 'regs.reg_mood', 'regs.reg_add', 'regs.reg_add(integer,integer)', 'regs.===', 'regs.===(integer,integer)', 'regs', '"pgsnap Reg ""quoted"""', 'regs.reg_c', 'regs.reg_stem');
INSERT INTO regs.reg_values VALUES (3, 'pg_catalog.pg_class', 'pg_catalog.english', 'pg_catalog.int4', 'pg_catalog.now', 'pg_catalog.now()', 'pg_catalog.||/', 'pg_catalog.+(integer,integer)', 'pg_catalog', 'pg_monitor', 'pg_catalog."C"', 'pg_catalog.english_stem');
INSERT INTO regs.reg_values VALUES (4, 'public."Reg Odd"', 'public.reg_english', 'public.reg_mood[]', 'public.reg_label', 'public.reg_label(public.reg_mood)', 'public.===', 'public.===(integer,integer)', 'regs', 'pgsnap_reg_role', 'public.reg_c', 'public.reg_stem');
INSERT INTO regs.reg_values VALUES (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE public.reg_refs (c regclass, t regtype[], pp regprocedure, cfg regconfig, coll regcollation);
INSERT INTO public.reg_refs VALUES ('public.reg_target', '{public.reg_mood,regs.reg_mood,integer}', 'regs.reg_label(regs.reg_mood)', 'regs.reg_english', 'regs.reg_c');
INSERT INTO public.reg_refs VALUES ('regs.reg_target', '{}', 'public.reg_label(public.reg_mood)', 'public.reg_english', 'public.reg_c');
CREATE TABLE regs.session_values (id integer, d date, ts timestamp, tstz timestamptz, tm time, i interval, f8 double precision, f4 real, n numeric);
INSERT INTO regs.session_values VALUES (1, '2024-03-04', '2024-03-04 05:06:07.891234', '2024-03-04 05:06:07.891234+05:30', '23:59:59.999999', '1 year 2 mons -3 days 04:05:06.789', 0.1 + 0.2, 1.1::real * 3, 1.0 / 3);
INSERT INTO regs.session_values VALUES (2, '0099-12-31 BC', '1999-12-31 23:59:59', '1999-12-31 23:59:59-08', '00:00', '-1 days +02:03:04', 1e-310, 3.4e38, 0.000001);
INSERT INTO regs.session_values VALUES (3, 'infinity', '-infinity', 'infinity', '12:00', '-2 years -3 mons 4 days -00:00:00.000001', 'NaN', '-0', 'NaN');
INSERT INTO regs.session_values VALUES (4, '2024-12-25', '2024-12-25 00:00', '2024-12-25 00:00+00', '01:02:03', '1 mon 1 day', 2.2250738585072014e-308, 1.17549435e-38, 123456789.123456789);
DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET search_path = regs, public', current_database()); EXECUTE format('ALTER DATABASE %I SET DateStyle = %L', current_database(), 'SQL, DMY'); EXECUTE format('ALTER DATABASE %I SET IntervalStyle = sql_standard', current_database()); EXECUTE format('ALTER DATABASE %I SET extra_float_digits = -10', current_database()); EXECUTE format('ALTER DATABASE %I SET TimeZone = %L', current_database(), 'Asia/Kathmandu'); END $$;
