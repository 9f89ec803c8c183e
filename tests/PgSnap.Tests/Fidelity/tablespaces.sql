-- An in-place tablespace (a directory under the cluster's own pg_tblspc, PostgreSQL 15+ developer option), so the
-- test never writes outside the test cluster's data directory. Tablespaces are cluster-wide: made once.
SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_tablespace WHERE spcname = 'pgsnap_ts') AS pgsnap_need_ts \gset
\if :pgsnap_need_ts
SET allow_in_place_tablespaces = on;
CREATE TABLESPACE pgsnap_ts LOCATION '';
RESET allow_in_place_tablespaces;
\endif
CREATE SCHEMA ts;
CREATE TABLE ts.moved (id integer PRIMARY KEY USING INDEX TABLESPACE pgsnap_ts, note text) TABLESPACE pgsnap_ts;
CREATE TABLE ts.stays (id integer PRIMARY KEY, moved_ref integer);
CREATE INDEX stays_ref_idx ON ts.stays (moved_ref) TABLESPACE pgsnap_ts;
CREATE UNIQUE INDEX moved_note_idx ON ts.moved (note) TABLESPACE pg_default;
CREATE MATERIALIZED VIEW ts.moved_count TABLESPACE pgsnap_ts AS SELECT count(*) AS n FROM ts.moved;
CREATE TABLE ts.parted (id integer, at date) PARTITION BY RANGE (at) TABLESPACE pgsnap_ts;
CREATE TABLE ts.parted_2025 PARTITION OF ts.parted FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
