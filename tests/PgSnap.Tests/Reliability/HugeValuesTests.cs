using System.Globalization;
using Npgsql;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Reliability;

/// <summary>
/// Huge values and rows: a 400 MB text value, a 300 MB bytea, a row of 1,600 columns and a 1 GB large object are
/// dumped and restored by the CLI, each value comes back byte for byte (md5 computed on the server, the large object
/// in 1 MiB pieces), and the peak resident set of each pgsnap process (as <c>/usr/bin/time</c> reports it) stays
/// under its stated bound. The restore streams (its bound does not depend on the values); the dump does not yet: the
/// archive keeps a row whole in one block, so the block grows around the biggest row (the 300 MB bytea is a ~600 MB
/// line of COPY hex), see docs/RELIABILITY.md. Heavy (PGSNAP_HEAVY=1).
/// </summary>
public sealed class HugeValuesTests(ITestOutputHelper output)
{
    /// <summary>The stated bound on a restore's peak RSS (docs/RELIABILITY.md): independent of the values' size.</summary>
    private const long RestorePeakRssBoundMb = 512;

    /// <summary>
    /// The stated bound on the dump's peak RSS: about 3.2 times the biggest row's COPY text today (measured 1,929 MB
    /// for the ~600 MB row), a multiple this test keeps from growing until blocks may split a row.
    /// </summary>
    private const long DumpPeakRssBoundMb = 2560;

    private const string Fingerprints = """
        SELECT (SELECT md5(v) || ':' || octet_length(v) FROM public.huge_text)
            || ' ' || (SELECT md5(b) || ':' || octet_length(b) FROM public.huge_bytea)
            || ' ' || (SELECT md5(w::text) FROM public.wide w)
            || ' ' || (SELECT md5(string_agg(md5(lo_get(m.oid, g * 1048576, 1048576)), '' ORDER BY g)) FROM pg_largeobject_metadata m, generate_series(0, 1023) g)
        """;

    [HeavyFact]
    public async Task Huge_values_round_trip_byte_for_byte_with_bounded_peak_memory()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("huge_src");
        var target = await server.CreateDatabaseAsync("huge_target");
        var folder = Directory.CreateTempSubdirectory("pgsnap-huge-").FullName;
        try
        {
            var columns = string.Join(", ", Enumerable.Range(1, 1600).Select(i => $"c{i} int"));
            var values = string.Join(", ", Enumerable.Range(1, 1600));
            await ExecuteAsync(server, source, $"""
                SET statement_timeout = 0;
                CREATE TABLE public.huge_text (id int, v text);
                INSERT INTO public.huge_text SELECT 1, string_agg(md5(g::text), '') FROM generate_series(1, 12500000) g;
                CREATE TABLE public.huge_bytea (id int, b bytea);
                INSERT INTO public.huge_bytea SELECT 1, decode(string_agg(md5((g * 3)::text), ''), 'hex') FROM generate_series(1, 18750000) g;
                CREATE TABLE public.wide ({columns});
                INSERT INTO public.wide VALUES ({values});
                DO $$
                DECLARE o oid := pg_catalog.lo_create(0);
                BEGIN
                    FOR i IN 0..1023 LOOP
                        PERFORM pg_catalog.lo_put(o, i::bigint * 1048576, (SELECT decode(string_agg(md5(i::text || '/' || g::text), ''), 'hex') FROM generate_series(1, 65536) g));
                    END LOOP;
                END $$;
                """);
            var expected = await ScalarAsync(server, source, Fingerprints);
            output.WriteLine($"source: {expected}");

            var archive = Path.Combine(folder, "huge.sql.gz");
            var dumpMb = await PeakRssMbAsync(folder, "dump", ["dump", "--url", server.UrlFor(source), "-f", archive, "--quiet"]);
            var restoreMb = await PeakRssMbAsync(folder, "restore", ["restore", archive, "--url", server.UrlFor(target), "--quiet"]);
            output.WriteLine($"archive {new FileInfo(archive).Length / 1048576} MB; peak RSS dump {dumpMb} MB, restore {restoreMb} MB");

            Assert.Equal(expected, await ScalarAsync(server, target, Fingerprints));
            Assert.True(dumpMb < DumpPeakRssBoundMb, $"dump peak RSS {dumpMb} MB");
            Assert.True(restoreMb < RestorePeakRssBoundMb, $"restore peak RSS {restoreMb} MB");
        }
        finally
        {
            await server.DropDatabaseAsync(source);
            await server.DropDatabaseAsync(target);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<long> PeakRssMbAsync(string folder, string name, string[] args)
    {
        var report = Path.Combine(folder, name + ".rss");
        var result = await PgSnapCli.Default.WrappedBy("/usr/bin/time", "-f", "%M", "-o", report).RunAsync(args, timeout: TimeSpan.FromMinutes(60));
        Assert.True(result.ExitCode == 0, $"{name}: {result.StdErr}");
        var lines = await File.ReadAllLinesAsync(report);
        return long.Parse(lines.Last(l => l.Length > 0).Trim(), CultureInfo.InvariantCulture) / 1024;
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
