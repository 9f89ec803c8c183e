using System.Globalization;
using PgSnap.Archive.Compression;
using PgSnap.Archive.Reading;
using PgSnap.Restore;
using PgSnap.Tests.Guards;
using PgSnap.Tests.Infrastructure;
using PgSnap.Verify;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Fuzz;

/// <summary>
/// Fuzzing the two inputs an attacker controls, the archive reader (verify) and the restore splitter (restore), with
/// mutated PgSnap archives in every compression, mutated pg_dump plain files and random bytes. Every case must end in
/// a report or a <see cref="PgSnapException"/> of a documented kind with a one-line message — never another exception,
/// a hang or runaway memory — and a restore whose input fails its scan must have executed nothing. The seed is fixed
/// (PGSNAP_FUZZ_SEED overrides it) and the case count is sized for CI; PGSNAP_FUZZ_CASES=100000 runs a long session
/// by hand. A failure names the seed, case and mutation, which reproduce it exactly.
/// </summary>
public sealed class ArchiveFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_caseLimit = TimeSpan.FromSeconds(30);
    private static readonly int s_seed = Env("PGSNAP_FUZZ_SEED", 20261206);
    private static readonly int s_cases = Env("PGSNAP_FUZZ_CASES", 3000);

    [Fact]
    public async Task Mutated_archives_and_plain_dumps_give_a_report_or_a_documented_error_never_a_crash()
    {
        var work = GuardsKit.TempFolder("pgsnap-fuzz-");
        try
        {
            var seeds = await SeedsAsync(work);
            var random = new Random(s_seed);
            var kinds = new Dictionary<string, int>();
            var failures = new List<string>();
            var peak = 0L;
            for (var i = 0; i < s_cases && failures.Count < 5; i++)
            {
                var (name, seed) = seeds[i % seeds.Count];
                var (bytes, what) = Mutator.Mutate(seed, random);
                var path = Path.Combine(work, $"case{name}");
                await File.WriteAllBytesAsync(path, bytes);
                var outcome = await VerifyOneAsync(path);
                if (outcome.StartsWith("FAIL", StringComparison.Ordinal))
                {
                    failures.Add($"seed {s_seed}, case {i} ({name}, {what}): {outcome}");
                }

                kinds[outcome.Split(':')[0]] = kinds.GetValueOrDefault(outcome.Split(':')[0]) + 1;
                peak = Math.Max(peak, Environment.WorkingSet);
            }

            output.WriteLine($"{s_cases} cases, seed {s_seed}; outcomes: {string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}; peak working set {peak / (1 << 20)} MiB");
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.True(peak < 1L << 30, $"the test process grew to {peak / (1 << 20)} MiB");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task A_restore_whose_input_fails_its_scan_has_executed_nothing()
    {
        var server = await TestServer.GetAsync();
        var work = GuardsKit.TempFolder("pgsnap-fuzz-restore-");
        try
        {
            var seeds = (await SeedsAsync(work)).Where(s => s.Name.Contains("pgsnap", StringComparison.Ordinal)).ToList();
            var random = new Random(s_seed + 1);
            var refused = 0;
            var failures = new List<string>();
            for (var i = 0; i < Math.Max(12, s_cases / 100); i++)
            {
                var (name, seed) = seeds[i % seeds.Count];
                var (bytes, what) = Mutator.Mutate(seed, random);
                var path = Path.Combine(work, $"restore{name}");
                await File.WriteAllBytesAsync(path, bytes);
                var target = await server.CreateDatabaseAsync("fuzz_restore");
                try
                {
                    await RestoreEngine.RunAsync(path, static () => Stream.Null, GuardsKit.Spec(server, target), new RestoreOptions(), CancellationToken.None);
                }
                catch (PgSnapException ex) when (ex.Kind == PgSnapErrorKind.Corrupt)
                {
                    refused++;
                    var objects = await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')");
                    if (objects != 0)
                    {
                        failures.Add($"case {i} ({name}, {what}): refused as corrupt ({ex.Message}) after creating {objects} relation(s)");
                    }
                }
                catch (PgSnapException)
                {
                    // A mutation inside a statement's text is valid SQL that fails, or a usage error: reported, fine.
                }
                finally
                {
                    await server.DropDatabaseAsync(target);
                }
            }

            output.WriteLine($"{refused} mutated archives refused as corrupt before running");
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.True(refused > 0, "no mutation was caught by the scan: the test proves nothing");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>One case through the reader: "ok", "problems", "error-N" (documented kind), or "FAIL: why".</summary>
    private static async Task<string> VerifyOneAsync(string path)
    {
        using var cts = new CancellationTokenSource(s_caseLimit);
        var run = Task.Run(async () =>
        {
            try
            {
                await using var input = await ArchiveInput.OpenAsync(path, static () => Stream.Null, cts.Token);
                var report = await ArchiveVerifier.VerifyAsync(input, new VerifyOptions(), cts.Token);
                foreach (var p in report.Problems)
                {
                    if (p.Message.Contains('\n', StringComparison.Ordinal))
                    {
                        return $"FAIL: a problem of several lines: {p.Message}";
                    }
                }

                return report.Ok ? "ok" : "problems";
            }
            catch (PgSnapException ex) when (ex.Kind is PgSnapErrorKind.Corrupt or PgSnapErrorKind.Usage)
            {
                return ex.Message.Contains('\n', StringComparison.Ordinal) || ex.Message.Length == 0
                    ? $"FAIL: error of kind {ex.Kind} is not one line: {ex.Message}"
                    : $"error-{(int)ex.Kind}";
            }
            catch (Exception ex)
            {
                var frames = string.Join(" < ", (ex.StackTrace ?? string.Empty).Split('\n').Take(3).Select(static f => f.Trim()));
                return $"FAIL: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")} at {frames}";
            }
        });
        var finished = await Task.WhenAny(run, Task.Delay(s_caseLimit + TimeSpan.FromSeconds(10)));
        return finished == run ? await run : $"FAIL: still running after {s_caseLimit.TotalSeconds} s (hang)";
    }

    private static async Task<List<(string Name, byte[] Bytes)>> SeedsAsync(string work)
    {
        var server = await TestServer.GetAsync();
        var source = await GuardsKit.CreateSourceAsync(server, "fuzz_seed");
        try
        {
            var seeds = new List<(string, byte[])>();
            foreach (var (suffix, compression) in new[] { (".sql", CompressionSpec.None), (".sql.gz", CompressionSpec.Gzip), (".sql.lz4", CompressionSpec.Lz4), (".sql.zst", CompressionSpec.Zstd) })
            {
                var path = Path.Combine(work, "seed-pgsnap" + suffix);
                await GuardsKit.DumpAsync(server, source, path, compression);
                seeds.Add(("-pgsnap" + suffix, await File.ReadAllBytesAsync(path)));
            }

            var plain = Path.Combine(work, "seed-pgdump.sql");
            var env = server.ToolEnvironment();
            var dump = await ProcessRunner.RunAsync(PostgresBinaries.Tool("pg_dump"), ["--no-sync", "-f", plain, source], env, timeout: TimeSpan.FromMinutes(2));
            Assert.True(dump.ExitCode == 0, dump.StdErr);
            seeds.Add(("-pgdump.sql", await File.ReadAllBytesAsync(plain)));
            return seeds;
        }
        finally
        {
            await server.DropDatabaseAsync(source);
        }
    }

    private static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
