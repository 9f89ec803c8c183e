using System.Globalization;
using System.Text.RegularExpressions;
using PgSnap.Archive.Compression;
using PgSnap.Archive.Reading;
using PgSnap.Restore;
using PgSnap.Restore.Selection;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Guards;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Restore;

/// <summary>
/// "Restore just agent_calls from last night's full backup": <c>restore -t public.agent_calls</c> of a full gzip
/// archive of the benchmark database (bench/: pgbench's tables at scale 1 and the wide agent_calls table), into a
/// database that holds the rest of it. The bytes the pgsnap process reads from the archive file are counted by the
/// kernel (strace of every read of that file), not by pgsnap's own counter.
/// </summary>
public sealed partial class BenchmarkTableRestoreTests(ITestOutputHelper output)
{
    // pgbench -i -s 1 (its four tables with their primary keys), then bench's agent_calls at scale 1 with one more
    // index than the benchmark has, so that "with its indexes" checks more than the primary key.
    private const string BenchmarkDatabase = """
        CREATE TABLE public.pgbench_branches (bid int NOT NULL PRIMARY KEY, bbalance int, filler char(88)) WITH (fillfactor = 100);
        CREATE TABLE public.pgbench_tellers (tid int NOT NULL PRIMARY KEY, bid int, tbalance int, filler char(84)) WITH (fillfactor = 100);
        CREATE TABLE public.pgbench_accounts (aid int NOT NULL PRIMARY KEY, bid int, abalance int, filler char(84)) WITH (fillfactor = 100);
        CREATE TABLE public.pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22));
        INSERT INTO public.pgbench_branches (bid, bbalance) VALUES (1, 0);
        INSERT INTO public.pgbench_tellers (tid, bid, tbalance) SELECT g, 1, 0 FROM generate_series(1, 10) g;
        INSERT INTO public.pgbench_accounts (aid, bid, abalance, filler) SELECT g, 1, 0, '' FROM generate_series(1, 100000) g;
        CREATE TABLE public.agent_calls (id uuid PRIMARY KEY, client_id int, started_at timestamptz, payload jsonb, transcript text);
        CREATE INDEX agent_calls_client_started_idx ON public.agent_calls (client_id, started_at DESC);
        INSERT INTO public.agent_calls
        SELECT md5(g::text)::uuid, g % 1000, timestamptz '2026-01-01' + g * interval '1 second',
               jsonb_build_object('call', g, 'agent', 'agent-' || (g % 100), 'tags', jsonb_build_array('a', 'b', g % 7), 'ok', g % 3 = 0),
               'Caller: hello, this is call ' || g || E'.\nAgent: ' || repeat('thank you for calling, how can I help today? ', 20 + g % 20)
        FROM generate_series(1, 5000) g;
        """;

    private const string Fingerprint = "SELECT count(*)::text || ':' || md5(string_agg(t::text, ',' ORDER BY t.id)) FROM public.agent_calls t";

    [Fact]
    public async Task Restore_t_agent_calls_of_a_full_gzip_benchmark_archive_reads_only_its_blocks_and_restores_it_with_its_indexes_next_to_the_rest()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("bench_src");
        await server.ExecuteAsync(source, BenchmarkDatabase);
        var expected = await server.ScalarAsync<string>(source, Fingerprint);
        var archive = RestoreFixture.TempFile("bench.sql.gz");
        await GuardsKit.DumpAsync(server, source, archive, CompressionSpec.Gzip);

        // The database that has the rest of the schema (and data): everything but agent_calls.
        var target = await server.CreateDatabaseAsync("bench_t");
        await RestoreFixture.RestoreAsync(archive, target, new RestoreOptions { Selection = new RestoreSelection { ExcludeTables = ["public.agent_calls"] } });
        Assert.Null(await server.ScalarAsync<string>(target, "SELECT to_regclass('public.agent_calls')::text"));

        var trace = Directory.CreateTempSubdirectory("pgsnap-strace-").FullName;
        try
        {
            // -ff: one file per thread, so no line is split into "unfinished" and "resumed" halves; -y names each fd's file.
            var result = await PgSnapCli.Default.WrappedBy("strace", "-f", "-ff", "-y", "-qq", "-e", "trace=read,pread64,readv,preadv,preadv2", "-o", Path.Combine(trace, "t"))
                .RunAsync(["restore", archive, "--url", server.UrlFor(target), "-t", "public.agent_calls"], timeout: TimeSpan.FromMinutes(5));
            Assert.True(result.ExitCode == 0, result.StdErr);
            output.WriteLine(result.StdErr.Trim());

            var reads = ArchiveReads(trace, archive);
            var kernelRead = reads.Sum(static r => r.Length);
            using var index = (await ArchiveIndex.TryOpenAsync(archive, CancellationToken.None))!;
            var blocks = index.Manifest.Blocks;
            var chosen = new RestoreSelection { Tables = ["public.agent_calls"] }.Select(index).Where(static b => b.Section != "header").ToList();
            var chosenBytes = chosen.Sum(static b => b.Length);
            var fileLength = new FileInfo(archive).Length;
            var tail = fileLength - blocks.Max(static b => b.Offset + b.Length);
            // What may be read: agent_calls' blocks, the header (server version, session settings), the sequence
            // blocks (-t reads them to find the sequences a table owns), the manifest and footer at the end.
            var allowed = chosen.Concat(blocks.Where(static b => b.Section == "header" || b.Kind is "SEQUENCE" or "SEQUENCE OWNED BY"))
                .Select(static b => (Start: b.Offset, End: b.Offset + b.Length)).Append((Start: fileLength - tail, End: fileLength)).ToList();
            var stray = reads.Where(r => !allowed.Any(a => r.Offset >= a.Start && r.Offset + r.Length <= a.End)).ToList();
            var other = blocks.Except(chosen).Where(static b => b.Section != "header").Sum(static b => b.Length);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"archive {fileLength} bytes; restore -t public.agent_calls: {reads.Count} reads of it by the pgsnap process (strace) took {kernelRead} bytes; agent_calls' {chosen.Count} blocks are {chosenBytes} bytes, all other blocks {other} bytes (never read), manifest and footer {tail}"));

            Assert.True(stray.Count == 0, "reads outside agent_calls' blocks, the header, sequences, manifest and footer: " + string.Join(", ", stray.Take(10).Select(static r => $"{r.Length} bytes at {r.Offset}")));
            // Each chosen block is read twice: checked (with the safety survey) before anything runs, then restored.
            Assert.True(kernelRead >= 2 * chosenBytes, $"read {kernelRead} < twice the chosen blocks {chosenBytes}: the trace misses reads");
            Assert.True(kernelRead <= (2 * chosenBytes) + (4 * tail) + (4 * blocks.Where(static b => b.Section == "header").Sum(static b => b.Length)), $"read {kernelRead} bytes");

            Assert.Equal(expected, await server.ScalarAsync<string>(target, Fingerprint));
            Assert.Equal(
                "agent_calls_client_started_idx,agent_calls_pkey",
                await server.ScalarAsync<string>(target, "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'agent_calls'"));
            Assert.Equal(100000L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.pgbench_accounts"));
        }
        finally
        {
            Directory.Delete(trace, recursive: true);
            File.Delete(archive);
            await server.DropDatabaseAsync(target);
            await server.DropDatabaseAsync(source);
        }
    }

    /// <summary>
    /// Every read of <paramref name="file"/> in the strace output files of <paramref name="folder"/>, with its offset
    /// (the archive is read with pread at block offsets; a plain read, without one, fails the test).
    /// </summary>
    private static List<(long Offset, long Length)> ArchiveReads(string folder, string file)
    {
        var marker = "<" + Path.GetFullPath(file) + ">";
        var reads = new List<(long, long)>();
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            foreach (var line in File.ReadLines(path))
            {
                if (!line.Contains(marker, StringComparison.Ordinal))
                {
                    continue;
                }

                var m = PositionedRead().Match(line);
                Assert.True(m.Success, "a read of the archive without an offset: " + line);
                reads.Add((long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
            }
        }

        Assert.True(reads.Count > 0, $"strace saw no read of {file}");
        return reads;
    }

    /// <summary>pread64(fd&lt;path&gt;, "…", count, offset) = n: the offset and n.</summary>
    [GeneratedRegex(@"^pread64\(.*, \d+, (\d+)\) = (\d+)$")]
    private static partial Regex PositionedRead();
}
