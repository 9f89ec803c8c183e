CREATE SCHEMA "we""ird schema";
CREATE SCHEMA "line
break";
CREATE TABLE "we""ird schema"."tab\.le" ("col""1" int PRIMARY KEY, "\! rm -rf /" text, "back\slash" text DEFAULT E'\\', "sp ace" int);
CREATE TABLE "line
break"."\.
" ("
\." int, "select" int, "UPPER" text);
CREATE INDEX "idx \! echo pwned" ON "we""ird schema"."tab\.le" ("\! rm -rf /");
CREATE SEQUENCE "we""ird schema"."seq'quote";
CREATE VIEW "we""ird schema"."view; DROP TABLE x" AS SELECT "col""1" AS "a'b" FROM "we""ird schema"."tab\.le";
CREATE TYPE "we""ird schema"."enum type" AS ENUM ('it''s', 'back\slash', 'new
line', '\.');
CREATE FUNCTION "we""ird schema"."fn$$x"("arg one" int) RETURNS text LANGUAGE sql AS $q$ SELECT '$$ \. ' || "arg one" $q$;
COMMENT ON TABLE "we""ird schema"."tab\.le" IS E'line one\n\\.\n\\! rm -rf /\n-- not a comment';
COMMENT ON COLUMN "line
break"."\.
"."
\." IS 'column with newline';
CREATE TABLE public."ALLCAPS" (id int);
CREATE TABLE public.user (id int);
CREATE TABLE public."ümlaut ✓" ("名前" text);
