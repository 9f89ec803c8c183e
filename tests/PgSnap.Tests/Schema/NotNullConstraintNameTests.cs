using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.RoundTrip;
using Xunit;

namespace PgSnap.Tests.Schema;

/// <summary>
/// From PostgreSQL 18 a NOT NULL is a named constraint (pg_constraint contype 'n'), possibly NO INHERIT or NOT VALID,
/// and a child can own one on an inherited column. The names and flags must round-trip; the catalog fingerprint
/// compares constraint names, definitions and local/inherited counts. Older servers run the same tables without
/// the 18-only syntax (they accept and drop the names), so the test means something on every configured major.
/// </summary>
public sealed class NotNullConstraintNameTests
{
    private const string Portable = """
        CREATE SCHEMA nn;
        CREATE TABLE nn.accounts (id integer CONSTRAINT accounts_id_required NOT NULL, email text NOT NULL, note text);
        CREATE TABLE nn.parent (a integer CONSTRAINT parent_a_present NOT NULL, b integer);
        CREATE TABLE nn.child (c integer CONSTRAINT child_c_present NOT NULL) INHERITS (nn.parent);
        CREATE TABLE nn.typed_source (x integer, y text);
        CREATE TABLE nn.events (id integer CONSTRAINT events_id_present NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
        CREATE TABLE nn.events_2025 PARTITION OF nn.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        """;

    private const string Only18 = """
        ALTER TABLE nn.accounts ADD COLUMN flag boolean CONSTRAINT accounts_flag_here_only NOT NULL NO INHERIT DEFAULT true;
        ALTER TABLE nn.child ADD CONSTRAINT child_b_present NOT NULL b;
        INSERT INTO nn.accounts (id, email) VALUES (1, 'a@example.com');
        ALTER TABLE nn.accounts ADD CONSTRAINT accounts_note_later NOT NULL note NOT VALID;
        """;

    public static TheoryData<int> Servers => TestServers.All;

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Named_not_null_constraints_round_trip_on_each_server_major(int major)
    {
        var server = await TestServers.ForMajorAsync(major);
        var sql = server.Major >= 18 ? Portable + Only18 : Portable;

        await RoundTripOracle.RunAsync(new RoundTripCase("named not-null constraints", sql)
        {
            Server = server,
            DumpArgs = ["--schema-only"],
            CompareData = false,
        });
    }
}
