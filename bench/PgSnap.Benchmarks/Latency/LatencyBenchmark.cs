using System.Globalization;
using Npgsql;
using PgSnap.Benchmarks.EndToEnd;

namespace PgSnap.Benchmarks.Latency;

/// <summary>
/// <c>e2e --latency</c>: dump and restore of the <see cref="SchemaRichDatabase"/> through a <see cref="DelayProxy"/>
/// at each one-way delay of <c>--delays</c> (default 0,5,25 ms), pgsnap against pg_dump, <c>psql -f</c> and
/// <c>pg_restore -Fd -j 2</c> on the same data, in one run. Restore inputs are made once, without delay (pgsnap's
/// own archive for pgsnap, pg_dump's plain file for psql, its directory dump for pg_restore); each restore goes into
/// a database created just before. Every command runs <c>--runs</c> times at each delay, taking turns; the median
/// run is shown with its request/response turns through the proxy (round trips the client waited for) and its
/// connections. <c>--only dump</c> / <c>--only restore</c> run one half; <c>--modules N</c> sizes the app schema;
/// PGSNAP_BASELINE_BIN adds an earlier pgsnap binary on the same inputs (before/after).
/// </summary>
internal static class LatencyBenchmark
{
    private sealed record Case(string Name, string Kind, string Peer, Func<int, string, (string[] Argv, IDictionary<string, string?>? Env)> Command);

    private sealed record Result(string Name, string Peer, double Wall, double Cpu, long RssKb, long Turns, long Connections);

    public static async Task<int> RunAsync(string[] args, IReadOnlyList<string> pgsnap)
    {
        var delays = StringArg(args, "--delays", "0,5,25").Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        var runs = IntArg(args, "--runs", 1);
        var modules = IntArg(args, "--modules", 50);
        var only = StringArg(args, "--only", "");
        await using var cluster = await BenchCluster.StartAsync();
        var env = cluster.ToolEnvironment();
        var outDir = Directory.CreateTempSubdirectory("pgsnap-bench-latency-").FullName;
        try
        {
            string File(string name) => Path.Combine(outDir, name);
            await AdminAsync(cluster, "postgres", SchemaRichDatabase.RolesSql);
            await AdminAsync(cluster, "postgres", "CREATE DATABASE rich");
            await System.IO.File.WriteAllTextAsync(File("rich.sql"), SchemaRichDatabase.Sql(modules));
            await Exec.RunCheckedAsync(cluster.Tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", "-d", "rich", "-f", File("rich.sql")], env);
            var objects = await ScalarAsync(cluster, "rich", SchemaRichDatabase.CountObjectsSql);
            var tables = await ScalarAsync(cluster, "rich", "SELECT count(*) FROM pg_class WHERE relkind IN ('r','p') AND relnamespace::regnamespace::text IN ('public','auth','storage','app')");

            // Restore inputs, made once without delay.
            var direct = cluster.Url("rich");
            await Exec.RunCheckedAsync(pgsnap[0], [.. pgsnap.Skip(1), "dump", "--quiet", "--url", direct, "-f", File("ps.sql")]);
            await Exec.RunCheckedAsync(cluster.Tool("pg_dump"), ["-f", File("pd.sql"), "rich"], env);
            await Exec.RunCheckedAsync(cluster.Tool("pg_dump"), ["-Fd", "-f", File("pd.dir"), "rich"], env);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# schema-rich database: Pagila-like rental model + Supabase-like auth/storage + {modules} app modules: {tables} tables, {objects} catalog objects; pg_dump file {Size(File("pd.sql")):0.0} MB, {Statements(File("pd.sql"))} statements"));
            Console.WriteLine($"# pgsnap: {string.Join(' ', pgsnap)}; runs per case: {runs}; load average before: {EndToEndRunner.LoadAverage()}");

            await using var proxy = DelayProxy.Start(cluster.Port, TimeSpan.Zero);
            var cases = Cases(cluster, pgsnap, File, only);
            var all = new List<(int Delay, List<Result> Results)>();
            foreach (var delay in delays)
            {
                proxy.OneWayDelay = TimeSpan.FromMilliseconds(delay);
                var results = await RunDelayAsync(cluster, proxy, cases, runs, delay);
                all.Add((delay, results));
                Print(delay, results);
            }

            Console.WriteLine($"# load average after: {EndToEndRunner.LoadAverage()}");
            Console.WriteLine();
            Console.WriteLine("# summary: pgsnap's wall time as a ratio to its peer's, per one-way delay");
            Console.WriteLine($"| {"case",-28} | {"peer",-24} | " + string.Join(" | ", delays.Select(d => $"{d,3} ms")) + " |");
            Console.WriteLine($"|{new string('-', 30)}|{new string('-', 26)}|" + string.Concat(delays.Select(_ => new string('-', 8) + "|")));
            foreach (var c in cases.Where(c => c.Peer.Length > 0))
            {
                Console.WriteLine($"| {c.Name,-28} | {c.Peer,-24} | " + string.Join(" | ", all.Select(a =>
                {
                    var r = a.Results.Single(x => x.Name == c.Name);
                    var peer = a.Results.Single(x => x.Name == c.Peer);
                    return string.Create(CultureInfo.InvariantCulture, $"{r.Wall / peer.Wall,6:0.00}");
                })) + " |");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static List<Case> Cases(BenchCluster cluster, IReadOnlyList<string> pgsnap, Func<string, string> file, string only)
    {
        IDictionary<string, string?> Env(int port) => new Dictionary<string, string?>(cluster.ToolEnvironment()) { ["PGPORT"] = port.ToString(CultureInfo.InvariantCulture) };
        string Url(int port, string db) => $"postgresql://postgres:{BenchCluster.Password}@127.0.0.1:{port}/{db}?sslmode=disable";
        string Fresh(string name)
        {
            var path = file(name);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }

            System.IO.File.Delete(path);
            return path;
        }

        var psql = new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null" };
        var cases = new List<Case>();
        if (only is "" or "dump")
        {
            cases.AddRange(
            [
                new("pg_dump plain", "dump", "", (port, _) => ([cluster.Tool("pg_dump"), "-f", Fresh("out-pd.sql"), "rich"], Env(port))),
                new("pg_dump -Fd -j 2", "dump", "", (port, _) => ([cluster.Tool("pg_dump"), "-Fd", "-j", "2", "-f", Fresh("out-pd.dir"), "rich"], Env(port))),
                new("pgsnap dump -j1", "dump", "pg_dump plain", (port, _) => ([.. pgsnap, "dump", "--quiet", "--url", Url(port, "rich"), "-f", Fresh("out-ps.sql")], null)),
                new("pgsnap dump -j2", "dump", "pg_dump -Fd -j 2", (port, _) => ([.. pgsnap, "dump", "--quiet", "-j", "2", "--url", Url(port, "rich"), "-f", Fresh("out-ps2.sql")], null)),
            ]);
        }

        if (only is "" or "restore")
        {
            cases.AddRange(
            [
                new("psql -f (pg_dump plain)", "restore", "", (port, db) => ([cluster.Tool("psql"), .. psql, "-d", db, "-f", file("pd.sql")], Env(port))),
                new("pg_restore -Fd -j 2", "restore", "", (port, db) => ([cluster.Tool("pg_restore"), "-j", "2", "-d", db, file("pd.dir")], Env(port))),
                new("pgsnap restore -j1", "restore", "psql -f (pg_dump plain)", (port, db) => ([.. pgsnap, "restore", "--quiet", "--url", Url(port, db), file("ps.sql")], null)),
                new("pgsnap restore -j2", "restore", "pg_restore -Fd -j 2", (port, db) => ([.. pgsnap, "restore", "--quiet", "-j", "2", "--url", Url(port, db), file("ps.sql")], null)),
            ]);
            if (Environment.GetEnvironmentVariable("PGSNAP_BASELINE_BIN") is { Length: > 0 } baseline)
            {
                cases.Add(new("baseline restore -j1", "restore", "psql -f (pg_dump plain)", (port, db) => ([baseline, "restore", "--quiet", "--url", Url(port, db), file("ps.sql")], null)));
            }
        }

        return cases;
    }

    private static async Task<List<Result>> RunDelayAsync(BenchCluster cluster, DelayProxy proxy, IReadOnlyList<Case> cases, int runs, int delay)
    {
        var all = cases.Select(_ => new List<Result>()).ToList();
        for (var run = 0; run < runs; run++)
        {
            for (var i = 0; i < cases.Count; i++)
            {
                var db = "rich";
                if (cases[i].Kind == "restore")
                {
                    db = "restored";
                    await AdminAsync(cluster, "postgres", "DROP DATABASE IF EXISTS restored");
                    await AdminAsync(cluster, "postgres", "CREATE DATABASE restored TEMPLATE template0");
                }

                var (argv, env) = cases[i].Command(proxy.Port, db);
                proxy.ResetCounters();
                var m = await TimedProcess.RunAsync(argv[0], argv[1..], env);
                all[i].Add(new Result(cases[i].Name, cases[i].Peer, m.Wall, m.Cpu, m.RssKb, proxy.Turns, proxy.Connections));
            }
        }

        for (var i = 0; i < cases.Count; i++)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {delay} ms {cases[i].Name}: {string.Join(", ", all[i].Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Wall:0.00} s")))}"));
        }

        return [.. all.Select(r => r.OrderBy(x => x.Wall).ElementAt(r.Count / 2))];
    }

    private static void Print(int delay, List<Result> results)
    {
        Console.WriteLine();
        Console.WriteLine($"## one-way delay {delay} ms (round trip {2 * delay} ms)");
        Console.WriteLine($"| {"command",-28} | {"wall s",7} | {"× peer",6} | {"turns",6} | {"conns",5} | {"CPU s",6} | {"peak RSS MB",11} |");
        Console.WriteLine($"|{new string('-', 30)}|{new string('-', 9)}|{new string('-', 8)}|{new string('-', 8)}|{new string('-', 7)}|{new string('-', 8)}|{new string('-', 13)}|");
        foreach (var r in results)
        {
            var peer = r.Peer.Length > 0 ? results.Single(x => x.Name == r.Peer) : null;
            var ratio = peer is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{r.Wall / peer.Wall:0.00}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name,-28} | {r.Wall,7:0.00} | {ratio,6} | {r.Turns,6} | {r.Connections,5} | {r.Cpu,6:0.00} | {r.RssKb / 1024.0,11:0.0} |"));
        }
    }

    private static double Size(string path) => new FileInfo(path).Length / 1e6;

    /// <summary>Statements a psql restore sends one by one (lines ending a statement, COPY blocks counted once).</summary>
    private static int Statements(string path) =>
        System.IO.File.ReadLines(path).Count(l => l.EndsWith(';') && !l.StartsWith("--", StringComparison.Ordinal));

    private static async Task AdminAsync(BenchCluster cluster, string database, string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString(cluster, database));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(BenchCluster cluster, string database, string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString(cluster, database));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static string ConnectionString(BenchCluster cluster, string database) =>
        $"Host=127.0.0.1;Port={cluster.Port};Username=postgres;Password={BenchCluster.Password};Database={database};SSL Mode=Disable;Pooling=false;Command Timeout=0";

    private static int IntArg(string[] args, string name, int fallback) =>
        int.Parse(StringArg(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    private static string StringArg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
