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
        return notes;
    }

    [GeneratedRegex(@"^psql:[^\n]*?:(?<line>\d+): ERROR:\s*(?<message>[^\n]*)", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
