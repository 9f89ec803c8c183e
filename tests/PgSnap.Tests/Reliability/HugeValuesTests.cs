using System.Globalization;
using Npgsql;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Reliability;

/// <summary>
/// Huge values and rows (docs/RELIABILITY.md, "Huge values"): a big text value, a big bytea, a row of 1,600 columns
/// and a big large object are dumped (gzip) and restored by the CLI, each value comes back byte for byte (md5
/// computed on the server, the large object in 1 MiB pieces), and the peak resident set of each pgsnap process (as
/// <c>/usr/bin/time</c> reports it for the child) stays under one stated bound that does not depend on the values'
/// size: the dump writes a row bigger than a block in pieces (docs/FORMAT.md, "Blocks written in pieces") and the
/// restore streams COPY rows in pieces. The CI test holds 64 MB values; the heavy one (PGSNAP_HEAVY=1) the full
/// sizes of the fault table (400 MB text, 300 MB bytea, a 1 GB large object) under the same bounds.
/// </summary>
public sealed class HugeValuesTests(ITestOutputHelper output)
{
    /// <summary>
    /// The stated bound on a dump's peak RSS, whatever the values' size: the runtime and the catalog (~100 MB under
    /// the JIT host the tests run), a worker's block and its pieces being compressed (a few 4 MiB arrays) and the
    /// wire client's read buffer. A dump that held a row whole would pass it with a 64 MB bytea (a 128 MB line).
    /// </summary>
    private const long DumpPeakRssBoundMb = 256;

    /// <summary>The stated bound on a restore's peak RSS: COPY rows and large-object chunks are streamed.</summary>
    private const long RestorePeakRssBoundMb = 256;

    [Fact]
    public Task Values_of_64_MB_round_trip_byte_for_byte_with_bounded_peak_memory() =>
        RoundTripAsync(textMb: 64, byteaMb: 64, largeObjectMb: 128);

    [HeavyFact]
    public Task Huge_values_round_trip_byte_for_byte_with_bounded_peak_memory() =>
        RoundTripAsync(textMb: 400, byteaMb: 300, largeObjectMb: 1024);

    private async Task RoundTripAsync(int textMb, int byteaMb, int largeObjectMb)
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("huge_src");
        var target = await server.CreateDatabaseAsync("huge_target");
        var folder = Directory.CreateTempSubdirectory("pgsnap-huge-").FullName;
        try
        {
            var columns = string.Join(", ", Enumerable.Range(1, 1600).Select(i => $"c{i} int"));
            var values = string.Join(", ", Enumerable.Range(1, 1600));
            // md5 text is 32 characters, 16 bytes once decoded; the large object is written 1 MiB at a time.
            await ExecuteAsync(server, source, $"""
                SET statement_timeout = 0;
                CREATE TABLE public.huge_text (id int, v text);
                INSERT INTO public.huge_text SELECT 1, string_agg(md5(g::text), '') FROM generate_series(1, {textMb * 1_000_000 / 32}) g;
                CREATE TABLE public.huge_bytea (id int, b bytea);
                INSERT INTO public.huge_bytea SELECT 1, decode(string_agg(md5((g * 3)::text), ''), 'hex') FROM generate_series(1, {byteaMb * 1_000_000 / 16}) g;
                CREATE TABLE public.wide ({columns});
                INSERT INTO public.wide VALUES ({values});
                CREATE TABLE public.small_after (id int, t text);
                INSERT INTO public.small_after SELECT g, md5(g::text) FROM generate_series(1, 100000) g;
                DO $$
                DECLARE o oid := pg_catalog.lo_create(0);
                BEGIN
                    FOR i IN 0..{largeObjectMb - 1} LOOP
                        PERFORM pg_catalog.lo_put(o, i::bigint * 1048576, (SELECT decode(string_agg(md5(i::text || '/' || g::text), ''), 'hex') FROM generate_series(1, 65536) g));
                    END LOOP;
                END $$;
                """);
            var fingerprints = Fingerprints(largeObjectMb);
            var expected = await ScalarAsync(server, source, fingerprints);
            output.WriteLine($"source: {expected}");

            var archive = Path.Combine(folder, "huge.sql.gz");
            var dump = await PeakRssAsync(folder, "dump", ["dump", "--url", server.UrlFor(source), "-f", archive, "--quiet"]);
            var restore = await PeakRssAsync(folder, "restore", ["restore", archive, "--url", server.UrlFor(target), "--quiet"]);
            output.WriteLine($"archive {new FileInfo(archive).Length / 1048576} MB; dump: peak RSS {dump.PeakMb} MB, {dump.Seconds:0.0} s; restore: peak RSS {restore.PeakMb} MB, {restore.Seconds:0.0} s");

            Assert.Equal(expected, await ScalarAsync(server, target, fingerprints));
            Assert.True(dump.PeakMb < DumpPeakRssBoundMb, $"dump peak RSS {dump.PeakMb} MB, bound {DumpPeakRssBoundMb} MB");
            Assert.True(restore.PeakMb < RestorePeakRssBoundMb, $"restore peak RSS {restore.PeakMb} MB, bound {RestorePeakRssBoundMb} MB");
        }
        finally
        {
            await server.DropDatabaseAsync(source);
            await server.DropDatabaseAsync(target);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Fingerprints(int largeObjectMb) => $"""
        SELECT (SELECT md5(v) || ':' || octet_length(v) FROM public.huge_text)
            || ' ' || (SELECT md5(b) || ':' || octet_length(b) FROM public.huge_bytea)
            || ' ' || (SELECT md5(w::text) FROM public.wide w)
            || ' ' || (SELECT md5(string_agg(t, ',' ORDER BY id)) FROM public.small_after)
            || ' ' || (SELECT md5(string_agg(md5(lo_get(m.oid, g * 1048576, 1048576)), '' ORDER BY g)) FROM pg_largeobject_metadata m, generate_series(0, {largeObjectMb - 1}) g)
        """;

    /// <summary>Runs pgsnap under <c>/usr/bin/time</c>: the child's peak RSS (its VmHWM) and its wall time.</summary>
    private static async Task<(long PeakMb, double Seconds)> PeakRssAsync(string folder, string name, string[] args)
    {
        var report = Path.Combine(folder, name + ".rss");
        var result = await PgSnapCli.Default.WrappedBy("/usr/bin/time", "-f", "%M %e", "-o", report).RunAsync(args, timeout: TimeSpan.FromMinutes(60));
        Assert.True(result.ExitCode == 0, $"{name}: {result.StdErr}");
        var lines = await File.ReadAllLinesAsync(report);
        var fields = lines.Last(l => l.Length > 0).Trim().Split(' ');
        return (long.Parse(fields[0], CultureInfo.InvariantCulture) / 1024, double.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    // No command timeout: building and hashing gigabytes takes minutes.
    private static async Task ExecuteAsync(TestServer server, string database, string sql) => await ScalarAsync(server, database, sql);

    private static async Task<string?> ScalarAsync(TestServer server, string database, string sql)
    {
        await using var conn = new NpgsqlConnection(server.ConnectionStringFor(database));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        return (await cmd.ExecuteScalarAsync())?.ToString();
    }
}
