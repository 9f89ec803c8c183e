using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.RoundTrip;

/// <summary>The catalog fingerprint is an oracle only if equal schemas compare equal and every change shows.</summary>
public sealed class CatalogFingerprintTests
{
    [Fact]
    public async Task Fingerprint_is_identical_for_a_database_and_its_template_copy()
    {
        var server = await TestServer.GetAsync();
        var source = await CreateSampleAsync(server);
        var copy = await server.CreateDatabaseAsync("fp_copy", template: source);

        var a = await CatalogFingerprint.ReadAsync(server.ConnectionStringFor(source));
        var b = await CatalogFingerprint.ReadAsync(server.ConnectionStringFor(copy));

        AssertSame(a, b);
        Assert.True(a.Lines.Count > 50, $"the sample should list many objects, got {a.Lines.Count}");
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Fingerprint_is_identical_for_two_databases_built_from_the_same_sql_whatever_their_oids(int major)
    {
        var server = await TestServers.ForMajorAsync(major);
        var first = await CreateSampleAsync(server);
        // Objects made in between shift every OID of the second database.
        await server.ExecuteAsync(first, "CREATE TABLE oid_shift AS SELECT 1 AS x; DROP TABLE oid_shift;");
        var second = await CreateSampleAsync(server);

        var a = await CatalogFingerprint.ReadAsync(server.ConnectionStringFor(first));
        var b = await CatalogFingerprint.ReadAsync(server.ConnectionStringFor(second));

        AssertSame(a, b);
        Assert.Contains(a.Lines, l => l.StartsWith("relation:r\tapp.clients\t", StringComparison.Ordinal));
    }

    public static TheoryData<int> Servers => TestServers.All;

    public static TheoryData<string, string> Changes => new()
    {
        { "column type", "ALTER TABLE app.clients ALTER COLUMN name TYPE varchar(200)" },
        { "column dropped", "ALTER TABLE app.agents DROP COLUMN price" },
        { "column added", "ALTER TABLE app.agents ADD COLUMN extra int" },
        { "column renamed", "ALTER TABLE app.agents RENAME COLUMN label TO tag" },
        { "column default", "ALTER TABLE app.agents ALTER COLUMN price SET DEFAULT 1" },
        { "column not null", "ALTER TABLE app.agents ALTER COLUMN label SET NOT NULL" },
        { "column collation", "ALTER TABLE app.clients ALTER COLUMN name TYPE text COLLATE \"POSIX\"" },
        { "column storage", "ALTER TABLE app.agents ALTER COLUMN label SET STORAGE EXTERNAL" },
        { "column comment", "COMMENT ON COLUMN app.clients.name IS 'another'" },
        { "table comment", "COMMENT ON TABLE app.clients IS NULL" },
        { "table options", "ALTER TABLE app.agents SET (fillfactor = 70)" },
        { "table owner", "CREATE ROLE fp_owner_role; ALTER TABLE app.agents OWNER TO fp_owner_role" },
        { "table grant", "GRANT INSERT ON app.clients TO PUBLIC" },
        { "table dropped", "DROP TABLE app.events_2025" },
        { "unlogged", "ALTER TABLE app.events_2025 SET UNLOGGED" },
        { "row level security", "ALTER TABLE app.agents FORCE ROW LEVEL SECURITY" },
        { "check constraint", "ALTER TABLE app.clients DROP CONSTRAINT name_not_blank; ALTER TABLE app.clients ADD CONSTRAINT name_not_blank CHECK (length(name) > 0)" },
        { "foreign key action", "ALTER TABLE app.agents DROP CONSTRAINT agents_client_id_fkey; ALTER TABLE app.agents ADD FOREIGN KEY (client_id) REFERENCES app.clients (id)" },
        { "index dropped", "DROP INDEX app.agents_client_idx" },
        { "index predicate", "DROP INDEX app.agents_client_idx; CREATE INDEX agents_client_idx ON app.agents (client_id)" },
        { "view definition", "CREATE OR REPLACE VIEW app.busy_agents AS SELECT a.id, a.label, count(*) + 0 AS calls FROM app.agents a JOIN app.agent_calls c ON c.agent_id = a.id GROUP BY a.id, a.label" },
        { "materialized view dropped", "DROP MATERIALIZED VIEW app.call_totals" },
        { "function body", "CREATE OR REPLACE FUNCTION app.add(a int, b int DEFAULT 1) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b + 0'" },
        { "function volatility", "ALTER FUNCTION app.add(int, int) STABLE" },
        { "function grant", "REVOKE EXECUTE ON FUNCTION app.add(int, int) FROM PUBLIC" },
        { "aggregate dropped", "DROP AGGREGATE app.total(int)" },
        { "trigger disabled", "ALTER TABLE app.clients DISABLE TRIGGER clients_touch" },
        { "trigger dropped", "DROP TRIGGER clients_touch ON app.clients" },
        { "policy expression", "ALTER POLICY agents_own ON app.agents USING (label IS NULL)" },
        { "policy roles", "ALTER POLICY agents_own ON app.agents TO postgres" },
        { "rule dropped", "DROP RULE no_delete ON app.events_2025" },
        { "enum value added", "ALTER TYPE app.call_status ADD VALUE 'failed' BEFORE 'done'" },
        { "domain constraint", "ALTER DOMAIN app.email ADD CONSTRAINT not_long CHECK (length(VALUE) < 300)" },
        { "composite attribute", "ALTER TYPE app.address ADD ATTRIBUTE city text" },
        { "sequence increment", "ALTER SEQUENCE app.invoice_no INCREMENT 8" },
        { "identity option", "ALTER TABLE app.clients ALTER COLUMN id SET GENERATED BY DEFAULT" },
        { "schema comment", "COMMENT ON SCHEMA app IS 'changed'" },
        { "schema grant", "REVOKE USAGE ON SCHEMA app FROM PUBLIC" },
        { "statistics dropped", "DROP STATISTICS app.agents_stats" },
        { "large object dropped", "SELECT lo_unlink(oid) FROM pg_largeobject_metadata" },
        { "extension added", "CREATE EXTENSION pg_trgm" },
        { "publication added", "CREATE PUBLICATION fp_pub FOR TABLE app.clients" },
        { "default privileges", "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO PUBLIC" },
        { "replica identity", "ALTER TABLE app.clients REPLICA IDENTITY FULL" },
        { "partition detached", "ALTER TABLE app.events DETACH PARTITION app.events_2025" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Fingerprint_changes_when_one_object_is_changed_or_dropped(string what, string change)
    {
        var server = await TestServer.GetAsync();
        var baseline = await SharedBaselineAsync(server);
        var changed = await server.CreateDatabaseAsync("fp_changed", template: baseline.Database);
        await server.ExecuteAsync(changed, change);

        var after = await CatalogFingerprint.ReadAsync(server.ConnectionStringFor(changed));
        await server.DropDatabaseAsync(changed);

        Assert.True(CatalogFingerprint.Compare(baseline.Fingerprint, after) is not null, $"the fingerprint did not see: {what}");
    }

    private static void AssertSame(CatalogFingerprint expected, CatalogFingerprint actual)
    {
        var diff = CatalogFingerprint.Compare(expected, actual, "first", "second");
        if (diff is not null)
        {
            throw new Xunit.Sdk.XunitException("the fingerprints differ:\n" + diff);
        }
    }

    private static readonly SemaphoreSlim s_baselineLock = new(1, 1);
    private static (string Database, CatalogFingerprint Fingerprint)? s_baseline;

    // One baseline for all change cases: a template database nobody connects to, so copies of it can be made.
    private static async Task<(string Database, CatalogFingerprint Fingerprint)> SharedBaselineAsync(TestServer server)
    {
        await s_baselineLock.WaitAsync();
        try
        {
            if (s_baseline is null)
            {
                var db = await CreateSampleAsync(server);
                var copy = await server.CreateDatabaseAsync("fp_probe", template: db);
                s_baseline = (db, await CatalogFingerprint.ReadAsync(server.ConnectionStringFor(copy)));
                await server.DropDatabaseAsync(copy);
            }

            return s_baseline.Value;
        }
        finally
        {
            s_baselineLock.Release();
        }
    }

    private static async Task<string> CreateSampleAsync(TestServer server)
    {
        var db = await server.CreateDatabaseAsync("fp");
        var work = Directory.CreateTempSubdirectory("pgsnap-fp-").FullName;
        try
        {
            await RoundTripOracle.LoadSqlAsync(server, db, SampleSchemas.Portable, work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        return db;
    }
}
