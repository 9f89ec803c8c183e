using System.Globalization;
using Npgsql;

namespace PgSnap.Benchmarks.EndToEnd;

/// <summary>
/// The restore half of the end-to-end comparison (README, "Performance"), run by <c>e2e --restore</c> on the
/// dataset the dump half builds. It dumps the database once per format (pgsnap plain and gzip, pg_dump plain and
/// <c>-Fd</c>), then times, each into a fresh empty database and as medians of <c>--runs</c> runs:
/// <c>psql -f</c> of both plain files, <c>pg_restore -j 2</c> of the directory dump, and <c>pgsnap restore</c>
/// at -j 1 and -j 2 of the plain and gzip archives (and, with <c>PGSNAP_BASELINE_BIN</c>, an earlier pgsnap binary
/// on the same files), taking turns run by run. Prints wall time, the ratio to <c>psql -f</c> of pgsnap's own
/// plain file, the client's user+sys CPU and peak RSS (from /usr/bin/time), and the server's CPU (postmaster and
/// its children, from /proc), which is the figure to trust on a shared machine. Exits 1 on a gross regression:
/// <c>pgsnap restore</c> -j 1 slower than 2× <c>psql -f</c>.
/// </summary>
internal static class RestoreBenchmark
{
    private sealed record Measure(string Name, double Wall, double Cpu, double ServerCpu, long RssKb);

    public static async Task<int> RunAsync(BenchCluster cluster, IReadOnlyList<string> pgsnap, int runs)
    {
        var env = cluster.ToolEnvironment();
        var outDir = Directory.CreateTempSubdirectory("pgsnap-bench-restore-").FullName;
        try
        {
            var url = cluster.Url("bench");
            string File(string name) => Path.Combine(outDir, name);
            await Exec.RunCheckedAsync(pgsnap[0], [.. pgsnap.Skip(1), "dump", "--quiet", "--url", url, "-f", File("ps.sql")]);
            await Exec.RunCheckedAsync(pgsnap[0], [.. pgsnap.Skip(1), "dump", "--quiet", "--url", url, "-f", File("ps.sql.gz")]);
            await Exec.RunCheckedAsync(cluster.Tool("pg_dump"), ["-f", File("pd.sql"), "bench"], env);
            await Exec.RunCheckedAsync(cluster.Tool("pg_dump"), ["-Fd", "-j", "2", "-f", File("pd.dir"), "bench"], env);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# restore inputs: pgsnap plain {Size(File("ps.sql")):0.0} MB, gzip {Size(File("ps.sql.gz")):0.0} MB, pg_dump plain {Size(File("pd.sql")):0.0} MB"));
            Console.WriteLine($"# load average before: {EndToEndRunner.LoadAverage()}");

            var psql = new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null" };
            var restore = new[] { "restore", "--quiet" };
            var commands = new List<(string Name, Func<string, (string[] Command, IDictionary<string, string?>? Env)> Command)>
            {
                ("psql -f pgsnap plain", db => ([cluster.Tool("psql"), .. psql, "-d", db, "-f", File("ps.sql")], env)),
                ("psql -f pg_dump plain", db => ([cluster.Tool("psql"), .. psql, "-d", db, "-f", File("pd.sql")], env)),
                ("pg_restore -j 2 (-Fd)", db => ([cluster.Tool("pg_restore"), "-j", "2", "-d", db, File("pd.dir")], env)),
                ("pgsnap restore plain", db => ([.. pgsnap, .. restore, "--url", cluster.Url(db), File("ps.sql")], null)),
                ("pgsnap restore -j2 plain", db => ([.. pgsnap, .. restore, "-j", "2", "--url", cluster.Url(db), File("ps.sql")], null)),
                ("pgsnap restore gzip", db => ([.. pgsnap, .. restore, "--url", cluster.Url(db), File("ps.sql.gz")], null)),
                ("pgsnap restore -j2 gzip", db => ([.. pgsnap, .. restore, "-j", "2", "--url", cluster.Url(db), File("ps.sql.gz")], null)),
            };

            // PGSNAP_BASELINE_BIN: an earlier pgsnap binary restoring the same files in the same run, for before/after.
            if (Environment.GetEnvironmentVariable("PGSNAP_BASELINE_BIN") is { Length: > 0 } baselineBin)
            {
                commands.Add(("baseline restore plain", db => ([baselineBin, .. restore, "--url", cluster.Url(db), File("ps.sql")], null)));
                commands.Add(("baseline restore -j2 plain", db => ([baselineBin, .. restore, "-j", "2", "--url", cluster.Url(db), File("ps.sql")], null)));
                commands.Add(("baseline restore -j2 gzip", db => ([baselineBin, .. restore, "-j", "2", "--url", cluster.Url(db), File("ps.sql.gz")], null)));
            }

            var results = await MediansAsync(cluster, commands, runs);
            Console.WriteLine($"# load average after: {EndToEndRunner.LoadAverage()}");

            var baseline = results[0];
            Console.WriteLine();
            Console.WriteLine($"| {"command",-26} | {"wall s",7} | {"× psql",6} | {"client CPU s",12} | {"server CPU s",12} | {"peak RSS MB",11} |");
            Console.WriteLine($"|{new string('-', 28)}|{new string('-', 9)}|{new string('-', 8)}|{new string('-', 14)}|{new string('-', 14)}|{new string('-', 13)}|");
            foreach (var r in results)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Name,-26} | {r.Wall,7:0.00} | {r.Wall / baseline.Wall,6:0.00} | {r.Cpu,12:0.00} | {r.ServerCpu,12:0.00} | {r.RssKb / 1024.0,11:0.0} |"));
            }

            var pgRestore = results.Single(r => r.Name.StartsWith("pg_restore", StringComparison.Ordinal));
            var j1 = results.Single(r => r.Name == "pgsnap restore plain");
            var j2 = results.Single(r => r.Name == "pgsnap restore -j2 plain");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# targets: -j1 {j1.Wall / baseline.Wall:0.00}× psql (≤ 1.00); -j2 {j2.Wall / baseline.Wall:0.00}× psql (≤ 0.50), {j2.Wall / pgRestore.Wall:0.00}× pg_restore -j 2 (≤ 0.90); peak RSS {results.Where(r => r.Name.StartsWith("pgsnap", StringComparison.Ordinal)).Max(r => r.RssKb) / 1024.0:0.0} MB (≤ 64)"));
            if (j1.Wall > 2 * baseline.Wall)
            {
                Console.WriteLine($"REGRESSION: pgsnap restore took {j1.Wall / baseline.Wall:0.00}× psql's time (limit 2×)");
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
    /// pgsnap restore -j 1 (the Native AOT binary the CI publishes) over <c>psql -f</c> of the same file at the
    /// check's scale 5: estimated from the JIT build's measured 1.49× (best of 3: 2.57 s against 1.73 s) less its
    /// ~0.5 s of start-up and JIT; 0.93× at full size. To be replaced by the CI's first measured ratio.
    /// </summary>
    public const double ExpectedRatioToPsql = 1.2;

    /// <summary>The same for a JIT build run with <c>dotnet pgsnap.dll</c> (no PGSNAP_BIN), measured: 1.49×.</summary>
    public const double ExpectedRatioToPsqlJit = 1.5;

    /// <summary>How much worse than <see cref="ExpectedRatioToPsql"/> the guard lets a run be before it fails.</summary>
    public const double AllowedRegression = 1.3;

    /// <summary>
    /// The CI's restore speed guard (<c>e2e --restore --check</c>): pgsnap's plain archive restored by
    /// <c>psql -f</c> and by <c>pgsnap restore</c> (-j 1), each into a fresh database, taking turns, best of
    /// <paramref name="runs"/> each (the least disturbed by other work on a shared machine). Fails when pgsnap's
    /// time over psql's, measured in the same run, exceeds the expected ratio by more than 30 %.
    /// </summary>
    public static async Task<int> CheckAsync(BenchCluster cluster, IReadOnlyList<string> pgsnap, int runs)
    {
        var env = cluster.ToolEnvironment();
        var outDir = Directory.CreateTempSubdirectory("pgsnap-bench-restore-check-").FullName;
        try
        {
            var file = Path.Combine(outDir, "ps.sql");
            await Exec.RunCheckedAsync(pgsnap[0], [.. pgsnap.Skip(1), "dump", "--quiet", "--url", cluster.Url("bench"), "-f", file]);
            var results = await MediansAsync(cluster,
            [
                ("psql -f pgsnap plain", db => ([cluster.Tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", "-d", db, "-f", file], env)),
                ("pgsnap restore plain", db => ([.. pgsnap, "restore", "--quiet", "--url", cluster.Url(db), file], null)),
            ], runs, best: true);
            var psql = results[0];
            var snap = results[1];
            var ratio = snap.Wall / psql.Wall;
            var expected = pgsnap[0] == "dotnet" ? ExpectedRatioToPsqlJit : ExpectedRatioToPsql;
            var limit = expected * AllowedRegression;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"restore check: psql -f {psql.Wall:0.00} s, pgsnap restore -j1 {snap.Wall:0.00} s ({snap.Cpu:0.00} s CPU, {snap.RssKb / 1024.0:0} MB): {ratio:0.00}× psql (expected {expected:0.00}×, limit {limit:0.00}×)"));
            if (ratio > limit)
            {
                Console.WriteLine("REGRESSION: pgsnap restore took more than 30 % longer, relative to psql, than expected");
                return 1;
            }

            return 0;
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static double Size(string path) => new FileInfo(path).Length / 1e6;

    /// <summary>
    /// Runs every command <paramref name="runs"/> times, each into a database created just before, taking turns
    /// (run 1 of each, then run 2 of each…) so that a noisy stretch of the shared machine does not fall on one
    /// command only; returns the median run of each (by wall time) and prints every run with the spread.
    /// </summary>
    private static async Task<List<Measure>> MediansAsync(BenchCluster cluster,
        IReadOnlyList<(string Name, Func<string, (string[] Command, IDictionary<string, string?>? Env)> Command)> commands, int runs, bool best = false)
    {
        var all = commands.Select(_ => new List<Measure>()).ToList();
        for (var i = 0; i < runs; i++)
        {
            for (var c = 0; c < commands.Count; c++)
            {
                var db = $"restore_{i}";
                await AdminAsync(cluster, $"DROP DATABASE IF EXISTS {db}");
                await AdminAsync(cluster, $"CREATE DATABASE {db} TEMPLATE template0");
                var (argv, env) = commands[c].Command(db);
                var serverBefore = await ServerCpuSecondsAsync(cluster);
                var measure = await TimedAsync(argv[0], argv[1..], env);
                var serverAfter = await ServerCpuSecondsAsync(cluster);
                all[c].Add(measure with { ServerCpu = serverAfter - serverBefore });
                await AdminAsync(cluster, $"DROP DATABASE {db}");
            }
        }

        var medians = new List<Measure>();
        for (var c = 0; c < commands.Count; c++)
        {
            var sorted = all[c].OrderBy(m => m.Wall).ToList();
            var median = sorted[sorted.Count / 2];
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {commands[c].Name}: {string.Join(", ", all[c].Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Wall:0.00} s (cpu {m.Cpu:0.00} + server {m.ServerCpu:0.00})")))}; spread {sorted[0].Wall:0.00}–{sorted[^1].Wall:0.00} s"));
            medians.Add((best ? sorted[0] : median) with { Name = commands[c].Name });
        }

        return medians;
    }

    /// <summary>Runs a command under /usr/bin/time for wall, user+sys CPU and peak RSS.</summary>
    private static async Task<Measure> TimedAsync(string program, IReadOnlyList<string> args, IDictionary<string, string?>? env)
    {
        if (!System.IO.File.Exists("/usr/bin/time"))
        {
            throw new InvalidOperationException("the restore benchmark needs /usr/bin/time (apt-get install time)");
        }

        var timeFile = Path.GetTempFileName();
        try
        {
            var (code, _, stderr) = await Exec.RunAsync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timeFile, program, .. args], env);
            if (code != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({code}): {stderr}");
            }

            var parts = (await System.IO.File.ReadAllTextAsync(timeFile)).Trim().Split('\n')[^1].Split(' ');
            double D(int i) => double.Parse(parts[i], CultureInfo.InvariantCulture);
            return new Measure("", D(0), D(1) + D(2), 0, long.Parse(parts[3], CultureInfo.InvariantCulture));
        }
        finally
        {
            System.IO.File.Delete(timeFile);
        }
    }

    private static async Task AdminAsync(BenchCluster cluster, string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString(cluster, "postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// CPU seconds used by the whole server so far: the postmaster's own and reaped children's times plus its
    /// live children's (backends, parallel workers, checkpointer, WAL writer). A backend that exits between two
    /// samples moves from the live sum into the reaped one, so differences stay right.
    /// </summary>
    private static async Task<double> ServerCpuSecondsAsync(BenchCluster cluster)
    {
        await using var conn = new NpgsqlConnection(ConnectionString(cluster, "postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT pg_backend_pid()", conn);
        var backend = (int)(await cmd.ExecuteScalarAsync())!;
        var postmaster = (int)Stat(backend)[1];
        await conn.CloseAsync();
        var ticks = 0L;
        var own = Stat(postmaster);
        ticks += own[11] + own[12] + own[13] + own[14];
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == postmaster)
            {
                continue;
            }

            try
            {
                var stat = Stat(pid);
                if (stat[1] == postmaster)
                {
                    ticks += stat[11] + stat[12];
                }
            }
            catch (IOException)
            {
                // Exited while we looked.
            }
        }

        return ticks / 100.0;
    }

    /// <summary>Fields of /proc/PID/stat after the command name: [0] state (as 0), [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static long[] Stat(int pid)
    {
        var text = System.IO.File.ReadAllText($"/proc/{pid}/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Take(15).Select((f, i) => i == 0 ? 0 : long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
    }

    private static string ConnectionString(BenchCluster cluster, string database) =>
        $"Host=127.0.0.1;Port={cluster.Port};Username=postgres;Password={BenchCluster.Password};Database={database};SSL Mode=Disable;Pooling=false";
}
