using System.Globalization;
using PgSnap.Benchmarks.Latency;

namespace PgSnap.Benchmarks.EndToEnd;

/// <summary>
/// <c>e2e --tables 5000,50000 [--runs N] [--restore-up-to 5000]</c> (README, "5,000 tables"): for each size, a database of that many small
/// tables (a primary key, an index, a comment and 3 rows each, made by the server itself in chunks of 1,000), then
/// medians of <c>--runs</c> runs, taking turns: <c>pg_dump -f</c> against <c>pgsnap dump</c>, and, each into a fresh
/// database, <c>psql -f</c> of pg_dump's file, <c>pg_restore</c> of its custom-format file, <c>psql -f</c> of
/// pgsnap's archive and <c>pgsnap restore</c>. Prints wall, user+sys CPU and peak RSS (/usr/bin/time), the ratios
/// the targets are stated in, pgsnap's peak RSS per catalog object, and the round trips of one dump (turns counted
/// by the <see cref="DelayProxy"/> at zero delay).
/// </summary>
internal static class ManyTablesBenchmark
{
    private sealed record Measure(string Name, double Wall, double Cpu, long RssKb);

    public static async Task<int> RunAsync(string[] args, IReadOnlyList<string> pgsnap)
    {
        var sizes = Arg(args, "--tables", "5000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var runs = int.Parse(Arg(args, "--runs", "1"), CultureInfo.InvariantCulture);
        // Restores of the biggest sizes take many minutes each: by default only sizes up to 5,000 are restored.
        var restoreUpTo = int.Parse(Arg(args, "--restore-up-to", "5000"), CultureInfo.InvariantCulture);
        // Every table is locked by the dump's leader and by its data worker in one transaction each (pg_dump: once).
        var locks = Math.Max(64, (sizes.Max() * 3 / 100) + 64);
        await using var cluster = await BenchCluster.StartAsync($" -c max_locks_per_transaction={locks}");
        var env = cluster.ToolEnvironment();
        Console.WriteLine($"# pgsnap: {string.Join(' ', pgsnap)}; runs: {runs}; cores: {Environment.ProcessorCount}");
        var summary = new List<string>();
        foreach (var tables in sizes)
        {
            summary.AddRange(await RunSizeAsync(cluster, env, pgsnap, tables, runs, tables <= restoreUpTo));
        }

        Console.WriteLine();
        foreach (var line in summary)
        {
            Console.WriteLine(line);
        }

        return 0;
    }

    private static async Task<List<string>> RunSizeAsync(BenchCluster cluster, IDictionary<string, string?> env, IReadOnlyList<string> pgsnap, int tables, int runs, bool restores)
    {
        var db = $"t{tables}";
        await Exec.RunCheckedAsync(cluster.Tool("createdb"), [db], env);
        for (var from = 1; from <= tables; from += 1000)
        {
            await Exec.RunCheckedAsync(cluster.Tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", Generator(from, Math.Min(tables, from + 999))], env);
        }

        await Exec.RunCheckedAsync(cluster.Tool("vacuumdb"), ["-q", "-z", db], env);
        var outDir = Directory.CreateTempSubdirectory("pgsnap-bench-tables-").FullName;
        try
        {
            string File(string name) => Path.Combine(outDir, name);
            var url = cluster.Url(db);
            var created = 0;
            string Fresh()
            {
                var name = $"r{tables}_{created++}";
                Exec.RunCheckedAsync(cluster.Tool("createdb"), [name], env).GetAwaiter().GetResult();
                return name;
            }

            void Gone(string path)
            {
                System.IO.File.Delete(path);
            }

            await Exec.RunCheckedAsync(cluster.Tool("pg_dump"), ["-Fc", "-f", File("pd.dump"), db], env);
            Console.WriteLine($"# {tables} tables; load average before: {EndToEndRunner.LoadAverage()}");
            var commands = new List<(string Name, Func<Task<Measure>> Run)>
            {
                ("pg_dump -f (plain)", () => { Gone(File("pd.sql")); return TimedAsync(cluster.Tool("pg_dump"), ["-f", File("pd.sql"), db], env); }),
                ("pgsnap dump", () => { Gone(File("ps.sql")); return TimedAsync(pgsnap[0], [.. pgsnap.Skip(1), "dump", "--quiet", "--url", url, "-f", File("ps.sql")], null); }),
                ("psql -f pg_dump plain", () => TimedAsync(cluster.Tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", "-d", Fresh(), "-f", File("pd.sql")], env)),
                ("pg_restore (-Fc)", () => TimedAsync(cluster.Tool("pg_restore"), ["-d", Fresh(), File("pd.dump")], env)),
                ("psql -f pgsnap archive", () => TimedAsync(cluster.Tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", "-d", Fresh(), "-f", File("ps.sql")], env)),
                ("pgsnap restore", () => TimedAsync(pgsnap[0], [.. pgsnap.Skip(1), "restore", "--quiet", "--url", cluster.Url(Fresh()), File("ps.sql")], null)),
            };
            if (!restores)
            {
                commands.RemoveRange(2, commands.Count - 2);
            }

            var all = commands.Select(_ => new List<Measure>()).ToList();
            for (var run = 0; run < runs; run++)
            {
                for (var i = 0; i < commands.Count; i++)
                {
                    all[i].Add((await commands[i].Run()) with { Name = commands[i].Name });
                }
            }

            Console.WriteLine($"# load average after: {EndToEndRunner.LoadAverage()}");
            var turns = await DumpTurnsAsync(cluster, pgsnap, db, File("turns.sql"));
            var objects = CatalogObjects(File("ps.sql"));
            var medians = all.Select(m => m.OrderBy(x => x.Wall).ElementAt(m.Count / 2)).ToList();
            var pgDump = medians[0].Wall;
            var psql = medians.Count > 2 ? medians[2].Wall : double.NaN;
            var lines = new List<string>
            {
                $"## {tables} tables ({objects} catalog objects in pgsnap's object list), medians of {runs}; pgsnap dump: {turns} round trips",
                "",
                $"| {"command",-24} | {"wall s",7} | {"ratio",14} | {"CPU s",6} | {"peak RSS MB",11} |",
                $"|{new string('-', 26)}|{new string('-', 9)}|{new string('-', 16)}|{new string('-', 8)}|{new string('-', 13)}|",
            };
            foreach (var m in medians)
            {
                var ratio = m.Name.StartsWith("pgsnap dump", StringComparison.Ordinal) ? $"{m.Wall / pgDump:0.00}× pg_dump"
                    : m.Name.Contains("restore", StringComparison.Ordinal) || m.Name.StartsWith("psql", StringComparison.Ordinal) ? $"{m.Wall / psql:0.00}× psql"
                    : "";
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {m.Name,-24} | {m.Wall,7:0.00} | {ratio,14} | {m.Cpu,6:0.00} | {m.RssKb / 1024.0,11:0.0} |"));
            }

            var dumpRss = medians[1].RssKb * 1024.0;
            var restoreRss = medians.Count > 5 ? medians[5].RssKb * 1024.0 : double.NaN;
            lines.Add("");
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"pgsnap peak RSS per catalog object: dump {dumpRss / Math.Max(1, objects):0} B, restore {restoreRss / Math.Max(1, objects):0} B (whole process, runtime included)"));
            lines.Add("");
            return lines;
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    /// <summary>Tables <paramref name="from"/>..<paramref name="to"/>, made by the server in one statement.</summary>
    private static string Generator(int from, int to) => $"""
        DO $$ BEGIN FOR i IN {from}..{to} LOOP
          EXECUTE format('CREATE TABLE public.t%s (id int PRIMARY KEY, name text NOT NULL, created timestamptz DEFAULT now())', i);
          EXECUTE format('CREATE INDEX t%s_name ON public.t%s (name)', i, i);
          EXECUTE format('COMMENT ON TABLE public.t%s IS %L', i, 'table ' || i);
          EXECUTE format('INSERT INTO public.t%s (id, name) VALUES (1, ''a''), (2, ''b''), (3, ''c'')', i);
        END LOOP; END $$
        """;

    /// <summary>Round trips of one pgsnap dump: request/response turns through the proxy at zero delay, all connections.</summary>
    private static async Task<long> DumpTurnsAsync(BenchCluster cluster, IReadOnlyList<string> pgsnap, string db, string path)
    {
        await using var proxy = DelayProxy.Start(cluster.Port, TimeSpan.Zero);
        proxy.ResetCounters();
        var url = $"postgresql://postgres:{BenchCluster.Password}@127.0.0.1:{proxy.Port}/{db}?sslmode=disable";
        await Exec.RunCheckedAsync(pgsnap[0], [.. pgsnap.Skip(1), "dump", "--quiet", "--url", url, "-f", path]);
        File.Delete(path);
        return proxy.Turns;
    }

    /// <summary>How many objects the archive's manifest lists (its object list, "objects").</summary>
    private static int CatalogObjects(string archive)
    {
        // The manifest is cut into lines (docs/FORMAT.md, "Manifest"): its JSON is the pieces after the prefixes.
        var json = string.Concat(File.ReadLines(archive)
            .Where(static l => l.StartsWith("-- pgsnap:manifest ", StringComparison.Ordinal))
            .Select(static l => l["-- pgsnap:manifest ".Length..]));
        var at = json.IndexOf("\"objects\":[", StringComparison.Ordinal);
        return at < 0 ? 0 : json[at..].Split("{\"i\":").Length - 1;
    }

    private static async Task<Measure> TimedAsync(string program, IReadOnlyList<string> args, IDictionary<string, string?>? env)
    {
        var m = await TimedProcess.RunAsync(program, args, env);
        return new Measure("", m.Wall, m.Cpu, m.RssKb);
    }

    private static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
