using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.RoundTrip;

/// <summary>
/// The oracle judges pgsnap, so it is tested on its own, with pg_dump and psql as a known-faithful copier: a
/// faithful copy of every nasty value must pass, and each kind of loss must be caught.
/// </summary>
public sealed class OracleSelfTests
{
    [Fact]
    public async Task Oracle_accepts_a_faithful_pg_dump_copy_of_every_nasty_value()
    {
        var server = await TestServer.GetAsync();
        var (source, copy) = await SourceAndPgDumpCopyAsync(server, NastyValues.All);

        var (failures, data) = await RoundTripOracle.CompareAsync(server, source, copy);

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.Contains(data.Lines, l => l.StartsWith("table public.t_big rows=100000 ", StringComparison.Ordinal));
        Assert.Contains(data.Lines, l => l.StartsWith("table public.t_nocols rows=3 ", StringComparison.Ordinal));
        Assert.Contains(data.Lines, l => l.StartsWith("large object 31339 ", StringComparison.Ordinal));
        Assert.Contains(data.Lines, l => l == "sequence public.s_uncalled 5 called=false");
    }

    public static TheoryData<string, string, string> Losses => new()
    {
        { "a changed value", "UPDATE t_ctrl SET v = E'tab\\there ' WHERE id = 1", "data" },
        { "NULL turned into empty", "UPDATE t_null SET a = '' WHERE id = 1", "data" },
        { "-0 turned into 0", "UPDATE t_float SET f8 = 0 WHERE id = 4", "data" },
        { "a missing row", "DELETE FROM t_ctrl WHERE id = 15", "data" },
        { "a duplicated row", "INSERT INTO t_nocols DEFAULT VALUES", "data" },
        { "one byte of a bytea", "UPDATE t_bytea SET b = set_byte(b, 200, 0) WHERE id = 1", "data" },
        { "a sequence value", "SELECT setval('s_unused', 2)", "data" },
        { "a sequence's is_called", "SELECT setval('s_uncalled', 5, true)", "data" },
        { "a large object's content", "SELECT lo_put(31337, 0, '\\xff'::bytea)", "data" },
        { "a materialized view left unpopulated", "CREATE MATERIALIZED VIEW mv_probe AS SELECT 1 AS x WITH NO DATA", "catalog" },
        { "an index", "DROP INDEX \"Mixed Case Schema\".\"Index \"\"quoted\"\"\"", "catalog" },
        { "a default", "ALTER TABLE t_null ALTER COLUMN a SET DEFAULT 'x'", "catalog" },
    };

    [Theory]
    [MemberData(nameof(Losses))]
    public async Task Oracle_catches_a_copy_that_lost(string what, string damage, string where)
    {
        var server = await TestServer.GetAsync();
        var baseline = await SharedPairAsync(server);
        var damaged = await server.CreateDatabaseAsync("oracle_damaged", template: baseline.Copy);
        await server.ExecuteAsync(damaged, damage);

        var (failures, _) = await RoundTripOracle.CompareAsync(server, baseline.Source, damaged);
        await server.DropDatabaseAsync(damaged);

        Assert.True(failures.Count > 0, $"the oracle did not see {what}");
        Assert.Contains(failures, f => f.StartsWith(where, StringComparison.Ordinal) || (where == "catalog" && f.StartsWith("pg_dump", StringComparison.Ordinal)));
    }

    private static readonly SemaphoreSlim s_lock = new(1, 1);
    private static (string Source, string Copy)? s_pair;

    private static async Task<(string Source, string Copy)> SharedPairAsync(TestServer server)
    {
        await s_lock.WaitAsync();
        try
        {
            // Without the 100k-row table: each case copies and fingerprints the pair again.
            s_pair ??= await SourceAndPgDumpCopyAsync(server, string.Join("\n", NastyValues.Cases.Where(c => c.Key != "100k rows").Select(c => c.Value)));
            return s_pair.Value;
        }
        finally
        {
            s_lock.Release();
        }
    }

    private static async Task<(string Source, string Copy)> SourceAndPgDumpCopyAsync(TestServer server, string sql)
    {
        var source = await server.CreateDatabaseAsync("oracle_src");
        var copy = await server.CreateDatabaseAsync("oracle_copy");
        var work = Directory.CreateTempSubdirectory("pgsnap-oracle-").FullName;
        try
        {
            await RoundTripOracle.LoadSqlAsync(server, source, sql, work);
            var env = server.ToolEnvironment();
            env["PGSNAP_PG_DUMP"] = PostgresBinaries.Tool("pg_dump");
            env["PGSNAP_PSQL"] = PostgresBinaries.Tool("psql");
            env["PGSNAP_SRC"] = source;
            env["PGSNAP_DST"] = copy;
            var result = await ProcessRunner.RunAsync(
                "bash",
                ["-c", "set -o pipefail; \"$PGSNAP_PG_DUMP\" -d \"$PGSNAP_SRC\" | \"$PGSNAP_PSQL\" -X -q -v ON_ERROR_STOP=1 -d \"$PGSNAP_DST\""],
                env,
                timeout: TimeSpan.FromMinutes(5));
            Assert.True(result.ExitCode == 0, "pg_dump | psql failed: " + result.StdErr);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        return (source, copy);
    }
}
