using Npgsql;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Reliability;

/// <summary>Steps shared by the fault-table tests: catching a COPY in flight, killing it, reading the one error line.</summary>
internal static class FaultKit
{
    /// <summary>Waits until a COPY runs in <paramref name="database"/>; false when <paramref name="run"/> ended first.</summary>
    public static async Task<bool> WaitForCopyAsync(TestServer server, string database, Task run)
    {
        await using var conn = new NpgsqlConnection(server.ConnectionStringFor("postgres"));
        await conn.OpenAsync();
        while (!run.IsCompleted)
        {
            await using var cmd = new NpgsqlCommand(
                $"SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = '{database}' AND query LIKE 'COPY%' AND state = 'active')", conn);
            if ((bool)(await cmd.ExecuteScalarAsync())!)
            {
                return true;
            }

            await Task.Delay(2);
        }

        return false;
    }

    /// <summary>Terminates the backend running a COPY in <paramref name="database"/>; false when <paramref name="run"/> ended first.</summary>
    public static async Task<bool> TerminateCopyAsync(TestServer server, string database, Task run)
    {
        await using var conn = new NpgsqlConnection(server.ConnectionStringFor("postgres"));
        await conn.OpenAsync();
        while (!run.IsCompleted)
        {
            await using var cmd = new NpgsqlCommand(
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{database}' AND query LIKE 'COPY%' AND state = 'active'", conn);
            if ((long)(await cmd.ExecuteScalarAsync())! > 0)
            {
                return true;
            }

            await Task.Delay(2);
        }

        return false;
    }

    /// <summary>The one <c>pgsnap: error:</c> line of a failed run's stderr.</summary>
    public static string SingleErrorLine(string stderr) =>
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), static l => l.StartsWith("pgsnap: error:", StringComparison.Ordinal));
}
