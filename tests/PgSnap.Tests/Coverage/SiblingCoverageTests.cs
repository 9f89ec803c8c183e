using Npgsql;
using PgSnap.Catalog;
using PgSnap.Dump;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Coverage;

/// <summary>
/// The planner's reads on sibling sessions of the dump's snapshot (Catalog/CatalogReadPool): the catalog readers and
/// the coverage audit's plan-free reads run on the leader and its siblings, yet the plan is the one the leader alone
/// makes (same SQL in the same order), the siblings see the leader's snapshot and not what was committed after it,
/// and siblings that cannot be opened leave every read to the leader.
/// </summary>
public sealed class SiblingCoverageTests
{
    private const string Setup = """
        CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL);
        CREATE INDEX items_name ON items (name);
        COMMENT ON TABLE items IS 'the items';
        CREATE VIEW item_names AS SELECT name FROM items;
        CREATE FUNCTION item_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM items';
        GRANT SELECT ON items TO PUBLIC;
        INSERT INTO items VALUES (1, 'a'), (2, 'b');
        """;

    [Fact]
    public async Task The_sibling_reads_in_the_leaders_snapshot_and_the_plan_is_the_leader_alones()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("cov_sibling");
        await server.ExecuteAsync(db, Setup);
        await using var leader = await BeginAsync(server, db, null);
        var snapshot = await ScalarAsync(leader, "SELECT pg_catalog.pg_export_snapshot()");

        // Committed after the snapshot: a sibling that did not import it would count this table as lost.
        await server.ExecuteAsync(db, "CREATE TABLE late (id int); COMMENT ON TABLE late IS 'after the snapshot'");
        var opened = 0;
        var withSibling = await DumpPlanner.PlanAsync(leader, new DumpOptions(), async ct =>
        {
            opened++;
            return await BeginAsync(server, db, snapshot);
        }, CancellationToken.None);

        await using var alone = await BeginAsync(server, db, snapshot);
        var leaderOnly = await DumpPlanner.PlanAsync(alone, new DumpOptions(), CancellationToken.None);

        Assert.Equal(CatalogReadPool.Siblings, opened);
        Assert.Empty(withSibling.Uncovered);
        Assert.Equal(Sql(leaderOnly.PreData), Sql(withSibling.PreData));
        Assert.Equal(Sql(leaderOnly.PostData), Sql(withSibling.PostData));
        Assert.Equal(leaderOnly.TableData.Select(t => t.Oid), withSibling.TableData.Select(t => t.Oid));
        Assert.NotNull(withSibling.Objects);
        Assert.Contains(withSibling.Objects, o => o.Identity == "table public.items");
        Assert.DoesNotContain(withSibling.Objects, o => o.Identity.Contains("late", StringComparison.Ordinal));
        Assert.Equal(leaderOnly.Objects!, withSibling.Objects);
    }

    [Fact]
    public async Task A_sibling_that_cannot_be_opened_leaves_the_audit_to_the_leader()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("cov_sibling_refused");
        await server.ExecuteAsync(db, Setup + "CREATE FUNCTION pg_catalog.pgsnap_sibling_lost() RETURNS int LANGUAGE sql AS 'SELECT 1';");
        await using var leader = await BeginAsync(server, db, null);
        var refused = await Assert.ThrowsAsync<PgSnapException>(() => DumpPlanner.PlanAsync(
            leader, new DumpOptions(), _ => throw new NpgsqlException("sorry, too many clients already"), CancellationToken.None));

        // The leader's own audit still finds the lost function.
        Assert.Equal(PgSnapErrorKind.Refused, refused.Kind);
        Assert.Contains("function pgsnap_sibling_lost()", refused.Message, StringComparison.Ordinal);
    }

    private static List<string> Sql(IEnumerable<PgSnap.Model.DdlEntry> entries) => [.. entries.Select(e => e.Sql)];

    private static async Task<NpgsqlConnection> BeginAsync(TestServer server, string db, string? snapshot)
    {
        var connection = new NpgsqlConnection(server.ConnectionStringFor(db));
        await connection.OpenAsync();
        await using var begin = new NpgsqlCommand("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", connection);
        await begin.ExecuteNonQueryAsync();
        if (snapshot is not null)
        {
            await using var set = new NpgsqlCommand($"SET TRANSACTION SNAPSHOT '{snapshot}'", connection);
            await set.ExecuteNonQueryAsync();
        }

        return connection;
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
