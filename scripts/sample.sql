-- A small database in the shape of the backup runbook's production app (clients, agents, agent_deployments,
-- agent_calls), with row-level security, triggers and a sequence. Used by scripts/demo.sh.
CREATE SCHEMA app;
CREATE ROLE app_user NOLOGIN;
CREATE TYPE app.call_status AS ENUM ('queued', 'in_progress', 'completed', 'failed');
CREATE SEQUENCE app.invoice_number START 10000;

CREATE TABLE app.clients (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL CHECK (btrim(name) <> ''),
    email text UNIQUE,
    owner_role name NOT NULL DEFAULT current_user,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE app.agents (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id uuid NOT NULL REFERENCES app.clients (id) ON DELETE CASCADE,
    name text NOT NULL,
    config jsonb NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE app.agent_deployments (
    id serial PRIMARY KEY,
    agent_id bigint NOT NULL REFERENCES app.agents (id) ON DELETE CASCADE,
    environment text NOT NULL CHECK (environment IN ('staging', 'production')),
    version text NOT NULL,
    deployed_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (agent_id, environment)
);
CREATE TABLE app.agent_calls (
    id bigserial PRIMARY KEY,
    agent_id bigint NOT NULL REFERENCES app.agents (id),
    status app.call_status NOT NULL DEFAULT 'queued',
    started_at timestamptz NOT NULL,
    duration interval,
    transcript text,
    cost numeric(10, 4),
    invoice_number bigint DEFAULT nextval('app.invoice_number')
);
CREATE INDEX agent_calls_agent_started_idx ON app.agent_calls (agent_id, started_at DESC);
CREATE INDEX agent_calls_failed_idx ON app.agent_calls (started_at) WHERE status = 'failed';
COMMENT ON TABLE app.agent_calls IS 'every call an agent handled';

CREATE FUNCTION app.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER clients_touch BEFORE UPDATE ON app.clients FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER agents_touch BEFORE UPDATE ON app.agents FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

ALTER TABLE app.clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.agents ENABLE ROW LEVEL SECURITY;
CREATE POLICY clients_owner ON app.clients FOR ALL TO app_user USING (owner_role = current_user);
CREATE POLICY agents_of_own_clients ON app.agents FOR SELECT TO app_user
    USING (EXISTS (SELECT 1 FROM app.clients c WHERE c.id = client_id AND c.owner_role = current_user));
GRANT USAGE ON SCHEMA app TO app_user;
GRANT SELECT ON ALL TABLES IN SCHEMA app TO app_user;

INSERT INTO app.clients (name, email)
    SELECT 'Client ' || g, 'client' || g || '@example.com' FROM generate_series(1, 40) g;
INSERT INTO app.agents (client_id, name, config)
    SELECT c.id, c.name || ' agent ' || g, jsonb_build_object('voice', 'v' || g, 'lang', 'fr')
    FROM app.clients c CROSS JOIN generate_series(1, 3) g;
INSERT INTO app.agent_deployments (agent_id, environment, version)
    SELECT a.id, e, '1.' || (a.id % 7) FROM app.agents a CROSS JOIN unnest(ARRAY['staging', 'production']) e;
INSERT INTO app.agent_calls (agent_id, status, started_at, duration, transcript, cost)
    SELECT 1 + g % 120,
           (ARRAY['queued', 'in_progress', 'completed', 'failed']::app.call_status[])[1 + g % 4],
           '2025-11-01'::timestamptz + g * interval '3 minutes',
           make_interval(secs => g % 600),
           CASE WHEN g % 10 = 0 THEN NULL ELSE E'Bonjour\tclient ' || g || E'\nfin' END,
           round((g % 1000) / 7.0, 4)
    FROM generate_series(1, 5000) g;
