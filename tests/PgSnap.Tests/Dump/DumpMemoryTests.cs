using System.Globalization;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>
/// Peak RSS of a dump must not grow with the table's size: the CLI dumps a ~4 MB and a ~40 MB table
/// (1 and ~10 blocks) and the kernel's peak resident set of each run, as <c>/usr/bin/time</c> reports it, is
/// compared. Before the block pool was fixed the bigger table cost ~29 MB more; now it costs a few MB.
/// </summary>
public sealed class DumpMemoryTests : IAsyncLifetime
{
    private const string TimeProgram = "/usr/bin/time";

    /// <summary>How much more the ten-times-bigger table may cost: well under one block per extra block.</summary>
    private const long AllowedGrowthKb = 16 * 1024;

    private TestServer _server = null!;
    private string _db = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.GetAsync();
        _db = await _server.CreateDatabaseAsync("dumpmemory");
        // ~135 bytes of COPY text per row: ~4 MB and ~40 MB.
        await _server.ExecuteAsync(_db, """
            CREATE TABLE public.small AS SELECT g AS id, md5(g::text) AS a, md5((g * 7)::text) || md5(g::text) AS b, now() AS t FROM generate_series(1, 30000) g;
            CREATE TABLE public.big AS SELECT g AS id, md5(g::text) AS a, md5((g * 7)::text) || md5(g::text) AS b, now() AS t FROM generate_series(1, 300000) g;
            """);
        _dir = Directory.CreateTempSubdirectory("pgsnap-mem-").FullName;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    public async Task Peak_memory_of_a_dump_does_not_grow_with_the_table_size(string compression)
    {
        Assert.True(File.Exists(TimeProgram), $"{TimeProgram} (Debian package 'time') is needed to measure peak RSS");
        var small = await PeakRssKbAsync("small", compression);
        var big = await PeakRssKbAsync("big", compression);
        Assert.True(
            big - small < AllowedGrowthKb,
            $"-Z {compression}: peak RSS {small / 1024} MB for the ~4 MB table but {big / 1024} MB for the ~40 MB one");
    }

    private async Task<long> PeakRssKbAsync(string table, string compression)
    {
        var report = Path.Combine(_dir, $"{table}-{compression}.rss");
        var archive = Path.Combine(_dir, compression == "gzip" ? $"{table}.sql.gz" : $"{table}.sql");
        var cli = PgSnapCli.Default.WrappedBy(TimeProgram, "-f", "%M", "-o", report);
        await cli.RunCheckedAsync(["dump", "--url", _server.UrlFor(_db), "-t", $"public.{table}", "-Z", compression, "-j", "1", "--quiet", "-f", archive]);
        Assert.True(new FileInfo(archive).Length > (table == "big" ? 30_000_000 : 3_000_000) / (compression == "gzip" ? 4 : 1), "the dump is smaller than its table");
        var lines = await File.ReadAllLinesAsync(report);
        return long.Parse(lines.Last(l => l.Length > 0).Trim(), CultureInfo.InvariantCulture);
    }
}
