-- A real cycle: the view selects from a function that returns SETOF the view's own row type.
CREATE SCHEMA vc;
CREATE VIEW vc.report AS SELECT 1 AS id, 'x'::text COLLATE "C" AS label, now() AS at;
CREATE FUNCTION vc.report_rows() RETURNS SETOF vc.report LANGUAGE sql STABLE AS 'SELECT 1, ''x''::text, now()';
CREATE OR REPLACE VIEW vc.report WITH (security_barrier = true) AS SELECT r.id, r.label, r.at FROM vc.report_rows() r WHERE r.id > 0;
COMMENT ON VIEW vc.report IS 'reads itself through a function';
DO $$ BEGIN CREATE ROLE pgsnap_cycle_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT SELECT ON vc.report TO pgsnap_cycle_reader;
-- A second view built on the cyclic one, outside the cycle.
CREATE VIEW vc.report_ids AS SELECT id FROM vc.report;
-- A cycle through a SQL-standard function body, with a check option on the view.
CREATE TABLE vc.items (id integer PRIMARY KEY, qty integer);
CREATE VIEW vc.positive AS SELECT id, qty FROM vc.items;
CREATE FUNCTION vc.positive_count(p vc.positive) RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM vc.items WHERE qty > 0; END; -- requires: 14 SQL-standard function bodies (BEGIN ATOMIC)
CREATE FUNCTION vc.positive_count(p vc.positive) RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM vc.items WHERE qty > 0'; -- before: 14
CREATE OR REPLACE VIEW vc.positive AS SELECT i.id, i.qty FROM vc.items i WHERE vc.positive_count(ROW(i.id, i.qty)::vc.positive) >= 0 WITH LOCAL CHECK OPTION;
