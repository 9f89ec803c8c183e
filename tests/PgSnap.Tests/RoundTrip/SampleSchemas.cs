namespace PgSnap.Tests.RoundTrip;

/// <summary>
/// Test SQL shared by the fingerprint and multi-version tests. <see cref="Portable"/> runs on every major from
/// 13 to 18 (no syntax newer than 13), so the same file round-trips across the whole server matrix.
/// </summary>
internal static class SampleSchemas
{
    /// <summary>A small app schema in the runbook's shape, with most object kinds a dump must carry.</summary>
    public const string Portable = """
CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'the application';
CREATE TYPE app.call_status AS ENUM ('queued', 'in progress', 'done');
CREATE DOMAIN app.email AS text CHECK (VALUE ~ '^[^@]+@[^@]+$');
CREATE TYPE app.money_range AS RANGE (subtype = numeric);
CREATE TYPE app.address AS (street text, zip varchar(10));
CREATE SEQUENCE app.invoice_no START 1000 INCREMENT 7;
CREATE TABLE app.clients (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    email app.email UNIQUE,
    address app.address,
    created_at timestamptz NOT NULL DEFAULT now(),
    invoice_no bigint DEFAULT nextval('app.invoice_no'),
    CONSTRAINT name_not_blank CHECK (btrim(name) <> '')
);
COMMENT ON TABLE app.clients IS 'who pays';
COMMENT ON COLUMN app.clients.name IS 'display name';
CREATE TABLE app.agents (
    id serial PRIMARY KEY,
    client_id bigint NOT NULL REFERENCES app.clients (id) ON DELETE CASCADE,
    label text COLLATE "C",
    price numeric(12, 2) DEFAULT 0,
    budget app.money_range
) WITH (fillfactor = 80);
CREATE INDEX agents_client_idx ON app.agents (client_id) WHERE label IS NOT NULL;
CREATE TABLE app.agent_calls (
    id bigserial PRIMARY KEY,
    agent_id int NOT NULL REFERENCES app.agents (id),
    status app.call_status NOT NULL DEFAULT 'queued',
    payload jsonb,
    duration interval,
    total numeric GENERATED ALWAYS AS (extract(epoch FROM duration)) STORED
);
CREATE INDEX agent_calls_payload_idx ON app.agent_calls USING gin (payload);
CREATE VIEW app.busy_agents AS
    SELECT a.id, a.label, count(*) AS calls FROM app.agents a JOIN app.agent_calls c ON c.agent_id = a.id GROUP BY a.id, a.label;
CREATE MATERIALIZED VIEW app.call_totals AS SELECT status, count(*) AS n FROM app.agent_calls GROUP BY status;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END $$;
CREATE TRIGGER clients_touch BEFORE UPDATE ON app.clients FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE FUNCTION app.add(a int, b int DEFAULT 1) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE AGGREGATE app.total(int) (sfunc = app.add, stype = int, initcond = '0');
ALTER TABLE app.agents ENABLE ROW LEVEL SECURITY;
CREATE POLICY agents_own ON app.agents FOR SELECT USING (label IS NOT NULL);
CREATE TABLE app.events (id int, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE RULE no_delete AS ON DELETE TO app.events_2025 DO INSTEAD NOTHING;
CREATE STATISTICS app.agents_stats ON client_id, label FROM app.agents;
GRANT USAGE ON SCHEMA app TO PUBLIC;
GRANT SELECT ON app.clients TO PUBLIC;
INSERT INTO app.clients (name, email) SELECT 'client ' || g, 'c' || g || '@example.com' FROM generate_series(1, 50) g;
INSERT INTO app.agents (client_id, label, price) SELECT 1 + g % 50, 'agent ' || g, g * 1.5 FROM generate_series(1, 200) g;
INSERT INTO app.agent_calls (agent_id, status, payload, duration)
    SELECT 1 + g % 200, (ARRAY['queued', 'in progress', 'done']::app.call_status[])[1 + g % 3], jsonb_build_object('n', g), make_interval(secs => g)
    FROM generate_series(1, 2000) g;
INSERT INTO app.events VALUES (1, '2025-03-04');
REFRESH MATERIALIZED VIEW app.call_totals;
SELECT setval('app.invoice_no', 4242, false);
SELECT lo_from_bytea(424242, '\x00ff10'::bytea);
""";
}
