using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Reliability;

/// <summary>
/// Fault table, "server restarted mid-restore": a cluster of its own (so no other test sees the restart) is restarted
/// with <c>pg_ctl restart -m fast</c> while the restore copies rows. The restore stops with exit 5 and one error line naming
/// the archive's line and the COPY; with <c>-1</c> nothing of the archive is in the target, without it what ran before
/// the COPY stays and none of the interrupted table's rows do.
/// </summary>
public sealed class ServerRestartMidRestoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private LocalCluster _cluster = null!;
    private TestServer _server = null!;
    private string _folder = null!;
    private string _archive = null!;

    public async Task InitializeAsync()
    {
        _cluster = await LocalCluster.StartAsync(PostgresBinaries.BinDirectory);
        _server = await TestServer.ForClusterAsync(_cluster);
        var source = await _server.CreateDatabaseAsync("restart_src");
        await _server.ExecuteAsync(source, """
            CREATE TABLE public.first (id int PRIMARY KEY);
            INSERT INTO public.first SELECT generate_series(1, 1000);
            CREATE TABLE public.big (id int, t text);
            INSERT INTO public.big SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 1000000) g;
            """);
        _folder = Directory.CreateTempSubdirectory("pgsnap-restart-").FullName;
        _archive = Path.Combine(_folder, "restart.sql");
        await PgSnapCli.Default.RunCheckedAsync(["dump", "--url", _server.UrlFor(source), "-f", _archive, "--quiet"]);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_restart_mid_restore_stops_it_with_one_error_and_with_single_transaction_leaves_nothing(bool singleTransaction)
    {
        var target = await _server.CreateDatabaseAsync("restart_target");
        var before = await File.ReadAllBytesAsync(_archive);
        string[] args = ["restore", _archive, "--url", _server.UrlFor(target), "--quiet", .. singleTransaction ? new[] { "-1" } : []];
        var restore = PgSnapCli.Default.RunAsync(args);

        var copying = await FaultKit.WaitForCopyAsync(_server, target, restore);
        if (!copying)
        {
            var ended = await restore;
            Assert.Fail($"the restore finished before its COPY was seen: exit {ended.ExitCode}: {ended.StdErr}");
        }

        await LocalCluster.RunAsServerUserAsync(
            Path.Combine(_cluster.BinDirectory, "pg_ctl"), ["-D", _cluster.DataDirectory, "-l", Path.Combine(_cluster.RootDirectory, "server.log"), "-m", "fast", "-w", "-t", "60", "restart"]);

        var result = await restore;
        output.WriteLine($"exit {result.ExitCode}: {result.StdErr}");
        Assert.Equal(5, result.ExitCode);
        var error = FaultKit.SingleErrorLine(result.StdErr);
        Assert.Contains($"{_archive}:", error, StringComparison.Ordinal);
        Assert.Contains("COPY public.big", error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(_archive));
        var tables = await _server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
        if (singleTransaction)
        {
            Assert.Equal(0L, tables);
        }
        else
        {
            // The definitions that ran before the COPY stay; the interrupted COPY's rows do not.
            Assert.Equal(2L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
            Assert.Equal(0L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM public.big"));
        }
    }
}
