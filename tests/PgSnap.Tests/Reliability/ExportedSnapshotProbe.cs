using Npgsql;
using PgSnap.Tests.Infrastructure;

namespace PgSnap.Tests.Reliability;

/// <summary>
/// Reads what a running dump's snapshot holds, independently of the dump: the dump's leader exports its snapshot
/// (a file in the server's pg_snapshots folder while its transaction is open), the probe imports that snapshot into
/// its own REPEATABLE READ transaction and counts there. Needs a superuser (pg_ls_dir).
/// </summary>
internal static class ExportedSnapshotProbe
{
    /// <summary>The snapshots exported right now (from any database).</summary>
    public static async Task<HashSet<string>> ExportedNowAsync(TestServer server)
    {
        await using var conn = new NpgsqlConnection(server.ConnectionStringFor("postgres"));
        await conn.OpenAsync();
        return await ListAsync(conn);
    }

    /// <summary>
    /// Waits for a snapshot of <paramref name="database"/> that was not in <paramref name="before"/>, imports it and
    /// reads the figures there; null when <paramref name="dump"/> finished first.
    /// </summary>
    public static async Task<(string Snapshot, PgbenchFigures Figures)?> ReadAsync(TestServer server, string database, IReadOnlySet<string> before, Task dump)
    {
        await using var lister = new NpgsqlConnection(server.ConnectionStringFor("postgres"));
        await lister.OpenAsync();
        await using var reader = new NpgsqlConnection(server.ConnectionStringFor(database));
        await reader.OpenAsync();
        while (!dump.IsCompleted)
        {
            foreach (var snapshot in (await ListAsync(lister)).Where(s => !before.Contains(s)))
            {
                await Exec(reader, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                try
                {
                    await Exec(reader, $"SET TRANSACTION SNAPSHOT '{snapshot}'");
                    var figures = await PgbenchFigures.ReadAsync(reader);
                    await Exec(reader, "COMMIT");
                    return (snapshot, figures);
                }
                catch (PostgresException)
                {
                    // Another database's snapshot, or one whose transaction just ended.
                    await Exec(reader, "ROLLBACK");
                }
            }

            await Task.Delay(5);
        }

        return null;
    }

    private static async Task<HashSet<string>> ListAsync(NpgsqlConnection conn)
    {
        await using var cmd = new NpgsqlCommand("SELECT name FROM pg_catalog.pg_ls_dir('pg_snapshots') AS name", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task Exec(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
