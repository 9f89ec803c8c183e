using System.Globalization;
using System.Text.RegularExpressions;
using PgSnap.Tests.Infrastructure;

namespace PgSnap.Tests.Corpus;

/// <summary>
/// PostgreSQL's own regression database: the files of upstream/regress/sql that regress_subset.txt names, in
/// parallel_schedule's order, run one after another by psql with ON_ERROR_STOP off into one database, as pg_upgrade's
/// test loads the schedule. Every failed statement is counted per file; the output lists each file's count with its
/// first errors (the files fail some statements on purpose, so PostgreSQL 18 has counts too). Views the server
/// itself cannot deparse are dropped afterwards and listed (pg_dump fails on them as well).
/// </summary>
internal sealed partial class RegressionCorpus : CorpusDatabase
{
    public override string Name => "regression";

    /// <summary>The subset, in schedule order (regress_subset.txt must follow parallel_schedule; checked here).</summary>
    public static IReadOnlyList<string> Files()
    {
        var subset = File.ReadAllLines(Path.Combine(Folder, "regress_subset.txt"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var schedule = File.ReadAllLines(Path.Combine(Folder, "upstream", "regress", "parallel_schedule"))
            .Where(l => l.StartsWith("test:", StringComparison.Ordinal))
            .SelectMany(l => l["test:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var positions = subset.Select(f => schedule.IndexOf(f)).ToList();
        if (positions.Contains(-1) || !positions.SequenceEqual(positions.Order()))
        {
            throw new InvalidOperationException("regress_subset.txt must name parallel_schedule's tests in schedule order");
        }

        return subset;
    }

    public override async Task<IReadOnlyList<string>> LoadAsync(TestServer server, string database, string workDirectory)
    {
        // The files COPY their data files on the server side and lo_export into results/: the server's OS user must
        // read and write there, so the data goes into a world-readable copy in the work folder.
        var root = Path.Combine(workDirectory, "regress");
        Directory.CreateDirectory(Path.Combine(root, "results"));
        Directory.CreateDirectory(Path.Combine(root, "data"));
        foreach (var data in Directory.GetFiles(Path.Combine(Folder, "upstream", "regress", "data")))
        {
            File.Copy(data, Path.Combine(root, "data", Path.GetFileName(data)));
        }

        OpenToEveryone(workDirectory);
        var notes = new List<string>();
        var env = server.ToolEnvironment();
        env["PGDATABASE"] = database;
        env["PG_ABS_SRCDIR"] = root;
        env["PG_ABS_BUILDDIR"] = root;
        env["PG_LIBDIR"] = Path.Combine(root, "no-regress-library");
        env["PG_DLSUFFIX"] = ".so";
        // pg_regress's session settings, which the files' expected results (and some statements) assume.
        env["PGOPTIONS"] = "-c intervalstyle=postgres_verbose -c datestyle=Postgres,MDY -c timezone=PST8PDT -c lc_messages=C";
        env["PGTZ"] = "PST8PDT";
        var sql = Path.Combine(Folder, "upstream", "regress", "sql");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var total = 0;
        foreach (var file in Files())
        {
            var result = await ProcessRunner.RunAsync(
                PostgresBinaries.Tool("psql"),
                ["-X", "-q", "-v", "ON_ERROR_STOP=0", "-f", Path.Combine(sql, file + ".sql")],
                env,
                timeout: TimeSpan.FromMinutes(3),
                workingDirectory: sql);
            var errors = ErrorLine().Matches(result.StdErr).Select(m => m.Groups["message"].Value.Trim()).ToList();
            total += errors.Count;
            if (errors.Count > 0)
            {
                notes.Add($"could not run on PostgreSQL {server.Major}: {file}.sql, {errors.Count} statement(s), e.g. {string.Join(" | ", errors.Distinct().Take(3))}");
            }
        }

        notes.Insert(0, $"regression corpus: {Files().Count} files loaded in {clock.ElapsedMilliseconds} ms on PostgreSQL {server.Major}, {total} statements failed (the files fail some on purpose)");
        notes.AddRange(await DropUndeparsableViewsAsync(server, database));
        return notes;
    }

    /// <summary>
    /// Some majors accept a view they cannot print back (e.g. PostgreSQL 15 and older, a materialized view over a
    /// trigger's transition table: "unrecognized RTE kind", or a crash of the backend on 13); pg_dump fails on those
    /// too, so they leave the corpus. One query checks all views; only when it fails is each view tried, on a
    /// connection opened again whenever the server dropped the previous one.
    /// </summary>
    private static async Task<List<string>> DropUndeparsableViewsAsync(TestServer server, string database)
    {
        const string Views = "SELECT c.oid, c.oid::regclass::text, c.relkind FROM pg_class c WHERE c.relkind IN ('v', 'm') AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace) ORDER BY c.oid";
        var notes = new List<string>();
        if (await TryAsync(server, database, "SELECT count(pg_get_viewdef(c.oid)) FROM (" + Views + ") c") is null)
        {
            return notes;
        }

        var views = new List<(uint Oid, string Name, char Kind)>();
        await using (var conn = await OpenAsync(server, database))
        await using (var cmd = new Npgsql.NpgsqlCommand(Views, conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                views.Add((reader.GetFieldValue<uint>(0), reader.GetString(1), reader.GetChar(2)));
            }
        }

        foreach (var (oid, name, kind) in views)
        {
            if (await TryAsync(server, database, $"SELECT pg_get_viewdef({oid.ToString(CultureInfo.InvariantCulture)}::oid)") is { } error)
            {
                await server.ExecuteAsync(database, $"DROP {(kind == 'm' ? "MATERIALIZED VIEW" : "VIEW")} {name} CASCADE");
                notes.Add($"dropped on PostgreSQL {server.Major}: {name}, which the server cannot deparse ({error}; pg_dump fails on it too)");
            }
        }

        return notes;
    }

    /// <summary>Runs <paramref name="sql"/> on a connection of its own: null when it worked, else the error.</summary>
    private static async Task<string?> TryAsync(TestServer server, string database, string sql)
    {
        try
        {
            await using var conn = await OpenAsync(server, database);
            await using var cmd = new Npgsql.NpgsqlCommand(sql, conn);
            await cmd.ExecuteScalarAsync();
            return null;
        }
        catch (Npgsql.NpgsqlException ex)
        {
            return ex is Npgsql.PostgresException pg ? pg.MessageText : "the server closed the connection: " + ex.Message;
        }
    }

    /// <summary>Opens a connection, waiting up to a minute for a server that restarts after a backend crashed.</summary>
    private static async Task<Npgsql.NpgsqlConnection> OpenAsync(TestServer server, string database)
    {
        for (var attempt = 0; ; attempt++)
        {
            var conn = new Npgsql.NpgsqlConnection(server.ConnectionStringFor(database));
            try
            {
                await conn.OpenAsync();
                return conn;
            }
            catch (Npgsql.NpgsqlException) when (attempt < 60)
            {
                await conn.DisposeAsync();
                await Task.Delay(1000);
            }
        }
    }

    internal static void OpenToEveryone(string directory)
    {
        const UnixFileMode All = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(directory, All);
        foreach (var dir in Directory.GetDirectories(directory, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(dir, All);
        }

        foreach (var file in Directory.GetFiles(directory, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, All & ~(UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute));
        }
    }

    [GeneratedRegex(@"^psql:[^\n]*?:\d+: ERROR:\s*(?<message>[^\n]*)", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
