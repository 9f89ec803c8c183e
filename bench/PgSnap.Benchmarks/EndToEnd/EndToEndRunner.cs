using System.Globalization;
using Npgsql;

namespace PgSnap.Benchmarks.EndToEnd;

/// <summary>
/// The end-to-end comparison (README, "Performance"): a throwaway cluster with pgbench tables at <c>--scale N</c>
/// plus a wide agent_calls table (uuid, timestamptz, jsonb, long text), then, in one run, medians of
/// <c>--runs</c> runs of pgsnap (-j1 plain, -j2 plain, gzip, lz4) against pg_dump (plain, -Z 6, -Fd -j 2) and the
/// server-side floor (<c>COPY … TO '/dev/null'</c> per table). Prints wall time, ratio to pg_dump plain, user+sys
/// CPU and peak RSS (from /usr/bin/time). Exits 1 on a gross regression: pgsnap plain slower than 2× pg_dump.
/// <c>--check</c> is the CI's quick form: a small dataset (scale 5, ~110 MB, so that start-up and catalog reads, ~0.25 s, do not dominate), only pg_dump plain against pgsnap -j1
/// plain, best of three each, and the same 2× limit (well under a minute with the cluster's start).
/// </summary>
internal static class EndToEndRunner
{
    private sealed record Measure(string Name, double Wall, double Cpu, long RssKb);

    public static async Task<int> RunAsync(string[] args)
    {
        var check = args.Contains("--check");
        var scale = IntArg(args, "--scale", check ? 5 : 1);
        var runs = IntArg(args, "--runs", 3);
        var pgsnap = await PgSnapCommandAsync();
        if (args.Contains("--latency"))
        {
            return await Latency.LatencyBenchmark.RunAsync(args, pgsnap); // the schema-rich database at 0 / 5 / 25 ms one way
        }

        if (args.Contains("--tables"))
        {
            return await ManyTablesBenchmark.RunAsync(args, pgsnap); // thousands of small tables: dump, restore, round trips
        }

        await using var cluster = await BenchCluster.StartAsync();
        var env = cluster.ToolEnvironment();
        await Exec.RunCheckedAsync(cluster.Tool("createdb"), ["bench"], env);
        Console.WriteLine($"# dataset: pgbench -i -s {scale} + agent_calls ({scale * 5000} rows)");
        await Exec.RunCheckedAsync(cluster.Tool("pgbench"), ["-i", "-q", "-s", scale.ToString(CultureInfo.InvariantCulture), "bench"], env);
        await LoadAgentCallsAsync(cluster, scale);
        var copyBytes = await CopyTextBytesAsync(cluster);
        Console.WriteLine($"# COPY text of all tables: {copyBytes / 1e6:0.0} MB; pgsnap: {string.Join(' ', pgsnap)}");
        if (args.Contains("--s3"))
        {
            // Dump to a bucket against a file, restore -j 2 from each (s3rver on loopback).
            return await ObjectStorageBenchmark.RunAsync(cluster, pgsnap, runs);
        }

        if (args.Contains("--restore"))
        {
            // The restore half instead of the dump table; with --check, the CI's restore speed guard.
            return check ? await RestoreBenchmark.CheckAsync(cluster, pgsnap, runs) : await RestoreBenchmark.RunAsync(cluster, pgsnap, runs);
        }

        var outDir = Directory.CreateTempSubdirectory("pgsnap-bench-out-").FullName;
        try
        {
            var url = cluster.Url("bench");
            if (check)
            {
                return await CheckAsync(runs, () => TimedAsync(cluster.Tool("pg_dump"), ["-f", Out(outDir, "pd.sql"), "bench"], env),
                    () => TimedAsync(pgsnap[0], [.. pgsnap[1..], "dump", "--quiet", "--url", url, "-f", Out(outDir, "ps.sql")], null));
            }

            Console.WriteLine($"# load average before: {LoadAverage()}");
            var results = await InterleavedMediansAsync(runs,
            [
                ("server COPY TO /dev/null", () => ServerCopyAsync(cluster)),
                ("pg_dump plain", () => TimedAsync(cluster.Tool("pg_dump"), ["-f", Out(outDir, "pd.sql"), "bench"], env)),
                ("pg_dump -Z 6", () => TimedAsync(cluster.Tool("pg_dump"), ["-Z", "6", "-f", Out(outDir, "pd.sql.gz"), "bench"], env)),
                ("pg_dump -Fd -j 2", () => TimedAsync(cluster.Tool("pg_dump"), ["-Fd", "-j", "2", "-f", Out(outDir, "pd.dir"), "bench"], env)),
                ("pgsnap -j1 plain", () => TimedAsync(pgsnap[0], [.. pgsnap[1..], "dump", "--quiet", "--url", url, "-f", Out(outDir, "ps.sql")], null)),
                ("pgsnap -j2 plain", () => TimedAsync(pgsnap[0], [.. pgsnap[1..], "dump", "--quiet", "-j", "2", "--url", url, "-f", Out(outDir, "ps2.sql")], null)),
                ("pgsnap -j1 gzip:6", () => TimedAsync(pgsnap[0], [.. pgsnap[1..], "dump", "--quiet", "--url", url, "-f", Out(outDir, "ps.sql.gz")], null)),
                ("pgsnap -j2 gzip:6", () => TimedAsync(pgsnap[0], [.. pgsnap[1..], "dump", "--quiet", "-j", "2", "--url", url, "-f", Out(outDir, "ps2.sql.gz")], null)),
                ("pgsnap -j1 lz4", () => TimedAsync(pgsnap[0], [.. pgsnap[1..], "dump", "--quiet", "--url", url, "-f", Out(outDir, "ps.sql.lz4")], null)),
            ]);
            Console.WriteLine($"# load average after: {LoadAverage()}");

            var baseline = results.Single(r => r.Name == "pg_dump plain");
            Console.WriteLine();
            Console.WriteLine($"| {"command",-24} | {"wall s",8} | {"× pg_dump",9} | {"CPU s",7} | {"CPU ×",6} | {"peak RSS MB",11} |");
            Console.WriteLine($"|{new string('-', 26)}|{new string('-', 10)}|{new string('-', 11)}|{new string('-', 9)}|{new string('-', 8)}|{new string('-', 13)}|");
            foreach (var r in results)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Name,-24} | {r.Wall,8:0.00} | {r.Wall / baseline.Wall,9:0.00} | {r.Cpu,7:0.00} | {(baseline.Cpu > 0 ? r.Cpu / baseline.Cpu : 0),6:0.00} | {r.RssKb / 1024.0,11:0.0} |"));
            }

            var plain = results.Single(r => r.Name == "pgsnap -j1 plain");
            if (plain.Wall > 2 * baseline.Wall)
            {
                Console.WriteLine($"REGRESSION: pgsnap plain took {plain.Wall / baseline.Wall:0.00}× pg_dump's time (limit 2×)");
                return 1;
            }

            return 0;
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    /// <summary>
    /// The CI's gross-regression check: best of <paramref name="runs"/> (the least disturbed by other work on a
    /// shared machine) of pg_dump and of pgsnap, both plain; fails when pgsnap takes more than twice as long.
    /// </summary>
    private static async Task<int> CheckAsync(int runs, Func<Task<Measure>> pgDump, Func<Task<Measure>> pgSnap)
    {
        var dump = new List<Measure>();
        var snap = new List<Measure>();
        for (var i = 0; i < runs; i++)
        {
            // Interleaved, so that a burst of load elsewhere hits both sides alike.
            dump.Add(await pgDump());
            snap.Add(await pgSnap());
        }

        var bestDump = dump.MinBy(m => m.Wall)!;
        var bestSnap = snap.MinBy(m => m.Wall)!;
        var ratio = bestSnap.Wall / bestDump.Wall;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"check: pg_dump plain {bestDump.Wall:0.00} s ({bestDump.Cpu:0.00} s CPU), pgsnap -j1 plain {bestSnap.Wall:0.00} s ({bestSnap.Cpu:0.00} s CPU, {bestSnap.RssKb / 1024.0:0} MB): {ratio:0.00}× (limit 2×)"));
        if (ratio > 2)
        {
            Console.WriteLine("REGRESSION: pgsnap plain dump took more than twice pg_dump's time");
            return 1;
        }

        return 0;
    }

    private static string Out(string dir, string name)
    {
        var path = Path.Combine(dir, name);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        File.Delete(path);
        return path;
    }

    /// <summary>
    /// Runs every command once per round, in the same order each round, so that a burst of load elsewhere spreads
    /// over all of them instead of hitting every run of one; each run starts after a sync, so no command pays
    /// for the writeback of the file the previous one left in the page cache. Returns the median of each.
    /// </summary>
    private static async Task<List<Measure>> InterleavedMediansAsync(int runs, IReadOnlyList<(string Name, Func<Task<Measure>> Run)> commands)
    {
        var all = commands.Select(_ => new List<Measure>()).ToList();
        for (var round = 0; round < runs; round++)
        {
            for (var i = 0; i < commands.Count; i++)
            {
                await Exec.RunCheckedAsync("sync", []);
                all[i].Add(await commands[i].Run());
            }
        }

        var medians = new List<Measure>();
        for (var i = 0; i < commands.Count; i++)
        {
            var sorted = all[i].OrderBy(m => m.Wall).ToList();
            Console.Error.WriteLine($"  {commands[i].Name}: {string.Join(", ", all[i].Select(m => m.Wall.ToString("0.00", CultureInfo.InvariantCulture)))} s");
            medians.Add(sorted[sorted.Count / 2] with { Name = commands[i].Name });
        }

        return medians;
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Runs a command under /usr/bin/time for wall, user+sys CPU and peak RSS.</summary>
    private static async Task<Measure> TimedAsync(string program, IReadOnlyList<string> args, IDictionary<string, string?>? env)
    {
        var timeFile = Path.GetTempFileName();
        try
        {
            var start = DateTime.UtcNow;
            var (code, _, stderr) = File.Exists("/usr/bin/time")
                ? await Exec.RunAsync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timeFile, program, .. args], env)
                : await Exec.RunAsync(program, args, env);
            var wall = (DateTime.UtcNow - start).TotalSeconds;
            if (code != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({code}): {stderr}");
            }

            var parts = File.Exists("/usr/bin/time") ? (await File.ReadAllTextAsync(timeFile)).Trim().Split(' ') : [];
            return parts.Length == 4
                ? new Measure("", double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture) + double.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture))
                : new Measure("", wall, 0, 0);
        }
        finally
        {
            File.Delete(timeFile);
        }
    }

    private static async Task<Measure> ServerCopyAsync(BenchCluster cluster)
    {
        await using var conn = new NpgsqlConnection($"Host=127.0.0.1;Port={cluster.Port};Username=postgres;Password={BenchCluster.Password};Database=bench;SSL Mode=Disable");
        await conn.OpenAsync();
        var start = DateTime.UtcNow;
        foreach (var table in new[] { "pgbench_accounts", "pgbench_branches", "pgbench_tellers", "pgbench_history", "agent_calls" })
        {
            await using var cmd = new NpgsqlCommand($"COPY public.{table} TO '/dev/null'", conn) { CommandTimeout = 0 };
            await cmd.ExecuteNonQueryAsync();
        }

        return new Measure("", (DateTime.UtcNow - start).TotalSeconds, 0, 0);
    }

    private static async Task LoadAgentCallsAsync(BenchCluster cluster, int scale)
    {
        await using var conn = new NpgsqlConnection($"Host=127.0.0.1;Port={cluster.Port};Username=postgres;Password={BenchCluster.Password};Database=bench;SSL Mode=Disable;Command Timeout=0");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            CREATE TABLE public.agent_calls (id uuid PRIMARY KEY, client_id int, started_at timestamptz, payload jsonb, transcript text);
            INSERT INTO public.agent_calls
            SELECT md5(g::text)::uuid, g % 1000, timestamptz '2026-01-01' + g * interval '1 second',
                   jsonb_build_object('call', g, 'agent', 'agent-' || (g % 100), 'tags', jsonb_build_array('a', 'b', g % 7), 'ok', g % 3 = 0),
                   'Caller: hello, this is call ' || g || E'.\nAgent: ' || repeat('thank you for calling, how can I help today? ', 20 + g % 20)
            FROM generate_series(1, {scale * 5000}) g;
            ANALYZE;
            """, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> CopyTextBytesAsync(BenchCluster cluster)
    {
        await using var conn = new NpgsqlConnection($"Host=127.0.0.1;Port={cluster.Port};Username=postgres;Password={BenchCluster.Password};Database=bench;SSL Mode=Disable");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT sum(pg_relation_size(oid))::int8 FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>PGSNAP_BIN (e.g. the Native AOT binary), else a Release build of the CLI run with dotnet.</summary>
    internal static async Task<string[]> PgSnapCommandAsync()
    {
        var configured = Environment.GetEnvironmentVariable("PGSNAP_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return [configured];
        }

        var repo = AppContext.BaseDirectory;
        while (repo is not null && !File.Exists(Path.Combine(repo, "PgSnap.sln")))
        {
            repo = Path.GetDirectoryName(repo);
        }

        if (repo is null)
        {
            throw new InvalidOperationException("cannot find the repository (PgSnap.sln): set PGSNAP_BIN");
        }

        var output = Path.Combine(repo, "bench", "PgSnap.Benchmarks", "bin", "pgsnap-cli");
        await Exec.RunCheckedAsync("dotnet", ["build", "-c", "Release", "-v", "q", "-o", output, Path.Combine(repo, "src", "PgSnap.Cli", "PgSnap.Cli.csproj")]);
        return ["dotnet", Path.Combine(output, "pgsnap.dll")];
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
