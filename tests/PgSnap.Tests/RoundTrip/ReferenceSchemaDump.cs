using PgSnap.Tests.Infrastructure;

namespace PgSnap.Tests.RoundTrip;

/// <summary>
/// <c>pg_dump --schema-only</c> of a database, normalized so two databases with the same schema give the same
/// lines: the random <c>\restrict</c>/<c>\unrestrict</c> keys of recent pg_dump releases are dropped and the
/// database's own name is replaced. Only usable on servers no newer than the installed pg_dump.
/// </summary>
internal static class ReferenceSchemaDump
{
    public static async Task<IReadOnlyList<string>> ReadAsync(TestServer server, string database)
    {
        var env = server.ToolEnvironment();
        env["PGDATABASE"] = database;
        var result = await ProcessRunner.RunAsync(PostgresBinaries.Tool("pg_dump"), ["--schema-only", "--no-sync"], env, timeout: TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_dump --schema-only {database} failed ({result.ExitCode}): {result.StdErr}");
        }

        var lines = new List<string>();
        foreach (var line in result.StdOut.Split('\n'))
        {
            if (line.StartsWith("\\restrict ", StringComparison.Ordinal) || line.StartsWith("\\unrestrict ", StringComparison.Ordinal))
            {
                continue;
            }

            lines.Add(line.Replace(database, "<database>", StringComparison.Ordinal));
        }

        return lines;
    }
}
