using System.Text;
using System.Text.RegularExpressions;
using PgSnap.Tests.Infrastructure;

namespace PgSnap.Tests.Corpus;

/// <summary>
/// The objects pg_dump's own TAP suite dumps: every create_sql of upstream/pg_dump/002_pg_dump.pl (read by
/// <see cref="TapCreateSql"/>) for the suite's default database, in the suite's order, run by one psql with
/// ON_ERROR_STOP off into one database, less pg_dump_tap_skips.txt. The snippets create the roles they need
/// (regress_dump_test_role, …) as the suite does; a snippet a major refuses (most need PostgreSQL 18) is reported
/// with the server's error.
/// </summary>
internal sealed partial class PgDumpTapCorpus : CorpusDatabase
{
    public override string Name => "pg_dump_tap";

    public static IReadOnlyList<TapTest> Tests() =>
        TapCreateSql.Parse(File.ReadAllText(Path.Combine(Folder, "upstream", "pg_dump", "002_pg_dump.pl")));

    public static IReadOnlyDictionary<string, string> Skips() =>
        File.ReadAllLines(Path.Combine(Folder, "pg_dump_tap_skips.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    public override async Task<IReadOnlyList<string>> LoadAsync(TestServer server, string database, string workDirectory)
    {
        var notes = new List<string>();
        var skips = Skips();
        var script = new StringBuilder();
        var starts = new List<(int Line, TapTest Test)>();
        var line = 1;
        foreach (var test in Tests())
        {
            if (test.Database is not null)
            {
                notes.Add($"not loaded: '{test.Name}' seeds database {test.Database}, not the suite's default one");
                continue;
            }

            if (skips.TryGetValue(test.Name, out var reason))
            {
                notes.Add($"not loaded: '{test.Name}': {reason} (pg_dump_tap_skips.txt)");
                continue;
            }

            var sql = TapCreateSql.Normalise(test.Sql) + "\n\n";
            starts.Add((line, test));
            script.Append(sql);
            line += sql.Count(c => c == '\n');
        }

        var file = Path.Combine(workDirectory, "pg_dump_tap.sql");
        await File.WriteAllTextAsync(file, script.ToString(), new UTF8Encoding(false));
        var env = server.ToolEnvironment();
        env["PGDATABASE"] = database;
        var result = await ProcessRunner.RunAsync(PostgresBinaries.Tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=0", "-f", file], env, timeout: TimeSpan.FromMinutes(3));
        var failed = 0;
        foreach (Match m in ErrorLine().Matches(result.StdErr))
        {
            var at = int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var test = starts.Last(s => s.Line <= at).Test;
            notes.Add($"could not run on PostgreSQL {server.Major}: '{test.Name}': {m.Groups["message"].Value.Trim()}");
            failed++;
        }

        notes.Insert(0, $"pg_dump TAP corpus: {starts.Count} create_sql snippets loaded on PostgreSQL {server.Major}, {failed} statements failed");

        // A materialized view holds its query's result as of its last refresh, and every restore (pg_dump's too)
        // refreshes after everything is created; one snippet's counts pg_class rows, which the later snippets change.
        // Measured on 17: 444 as loaded, 498 after a refresh in the source and 498 in the restore. So the populated
        // ones are refreshed once loading is over, in creation order (a view over another comes after it).
        var refresh = await ProcessRunner.RunAsync(
            PostgresBinaries.Tool("psql"),
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", RefreshMaterializedViews],
            env,
            timeout: TimeSpan.FromMinutes(1));
        if (refresh.ExitCode != 0)
        {
            throw new InvalidOperationException("refreshing the corpus's materialized views failed: " + refresh.StdErr);
        }

        notes.Add("materialized views refreshed after loading, as a restore does");
        return notes;
    }

    private const string RefreshMaterializedViews = """
        DO $$
        DECLARE m regclass;
        BEGIN
            FOR m IN SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relkind = 'm' AND c.relispopulated ORDER BY c.oid LOOP
                EXECUTE 'REFRESH MATERIALIZED VIEW ' || m;
            END LOOP;
        END $$
        """;

    [GeneratedRegex(@"^psql:[^\n]*?:(?<line>\d+): ERROR:\s*(?<message>[^\n]*)", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
