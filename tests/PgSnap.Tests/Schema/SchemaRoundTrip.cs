using System.Text;
using Npgsql;
using PgSnap.Catalog;
using PgSnap.Dump;
using PgSnap.Model;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Schema;

/// <summary>
/// The schema oracle: load SQL into a fresh database, plan a dump of it, run the plan's SQL into another fresh
/// database with psql, and compare <c>pg_dump --schema-only</c> of both (pg_dump is only the referee here).
/// </summary>
internal static class SchemaRoundTrip
{
    public sealed record Result(string Script, string SourceDump, string TargetDump, DumpPlan Plan, string SourceDatabase, string TargetDatabase);

    /// <summary>Loads <paramref name="setupSql"/>, dumps, restores and returns both pg_dump texts.</summary>
    public static async Task<Result> RunAsync(string setupSql, DumpOptions? options = null, string prefix = "srt", string? targetSetupSql = null)
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync(prefix + "_src");
        await RunPsqlAsync(server, source, setupSql);
        var plan = await PlanAsync(server, source, options ?? new DumpOptions());
        var script = ToScript(plan);
        var target = await server.CreateDatabaseAsync(prefix + "_dst");
        if (targetSetupSql is not null)
        {
            await RunPsqlAsync(server, target, targetSetupSql);
        }

        await RunPsqlAsync(server, target, script);
        var sourceDump = await SchemaDumpAsync(server, source);
        var targetDump = await SchemaDumpAsync(server, target);
        return new Result(script, sourceDump, targetDump, plan, source, target);
    }

    /// <summary>Plans a dump inside a snapshot transaction, as the data engine does.</summary>
    public static async Task<DumpPlan> PlanAsync(TestServer server, string database, DumpOptions options)
    {
        await using var conn = new NpgsqlConnection(server.ConnectionStringFor(database));
        await conn.OpenAsync();
        await using (var begin = new NpgsqlCommand("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", conn))
        {
            await begin.ExecuteNonQueryAsync();
        }

        var plan = await DumpPlanner.PlanAsync(conn, options, CancellationToken.None);
        await using (var commit = new NpgsqlCommand("COMMIT", conn))
        {
            await commit.ExecuteNonQueryAsync();
        }

        return plan;
    }

    /// <summary>The plan as one psql script, with the session settings a dump file starts with.</summary>
    public static string ToScript(DumpPlan plan)
    {
        var sb = new StringBuilder();
        sb.Append("SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n")
          .Append("SELECT pg_catalog.set_config('search_path', '', false);\nSET check_function_bodies = false;\n")
          .Append("SET xmloption = content;\nSET client_min_messages = warning;\nSET row_security = off;\n");
        foreach (var e in plan.PreData.Concat(plan.DataDdl).Concat(plan.PostData))
        {
            sb.Append(e.Sql);
        }

        return sb.ToString();
    }

    public static async Task RunPsqlAsync(TestServer server, string database, string sql)
    {
        var file = Path.Combine(Path.GetTempPath(), $"pgsnap_srt_{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(file, sql);
        try
        {
            var result = await ProcessRunner.RunAsync(
                PostgresBinaries.Tool("psql"),
                ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-f", file],
                server.ToolEnvironment(),
                timeout: TimeSpan.FromMinutes(2));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"psql failed on {database}: {result.StdErr}\n--- script ---\n{sql}");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static async Task<string> SchemaDumpAsync(TestServer server, string database)
    {
        var result = await ProcessRunner.RunAsync(
            PostgresBinaries.Tool("pg_dump"),
            ["--schema-only", "-d", database],
            server.ToolEnvironment(),
            timeout: TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_dump failed on {database}: {result.StdErr}");
        }

        var lines = result.StdOut.Split('\n')
            .Where(l => !l.StartsWith("\\restrict", StringComparison.Ordinal) && !l.StartsWith("\\unrestrict", StringComparison.Ordinal));
        return string.Join('\n', lines);
    }

    /// <summary>Asserts both dumps are identical, showing the first differing lines when not.</summary>
    public static void AssertSame(Result result)
    {
        Assert.Contains("CREATE ", result.SourceDump, StringComparison.Ordinal);
        if (result.SourceDump == result.TargetDump)
        {
            return;
        }

        var a = result.SourceDump.Split('\n');
        var b = result.TargetDump.Split('\n');
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        var context = new StringBuilder();
        context.Append("schema dumps differ at line ").Append(i + 1).Append('\n');
        context.Append("--- source ---\n").Append(string.Join('\n', a.Skip(Math.Max(0, i - 5)).Take(25)));
        context.Append("\n--- target ---\n").Append(string.Join('\n', b.Skip(Math.Max(0, i - 5)).Take(25)));
        context.Append("\n--- script ---\n").Append(result.Script.Length > 20000 ? result.Script[..20000] : result.Script);
        Assert.Fail(context.ToString());
    }
}
