using PgSnap.Archive.Compression;
using PgSnap.Drill;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Guards;

/// <summary>`pgsnap drill` as a user runs it: exit codes, the report, the sidecar, no password anywhere.</summary>
public sealed class DrillCliTests
{
    [Fact]
    public async Task Pgsnap_drill_passes_a_good_archive_and_fails_a_corrupted_one_with_exit_code_4()
    {
        var server = await TestServer.GetAsync();
        var source = await GuardsKit.CreateSourceAsync(server, "drill_cli");
        var folder = GuardsKit.TempFolder("pgsnap-drill-cli-");
        var good = Path.Combine(folder, "backup_cli_20261125_210000_good.sql.lz4");
        var bad = Path.Combine(folder, "backup_cli_20261125_210000_bad.sql");
        await GuardsKit.DumpAsync(server, source, good);
        await GuardsKit.DumpAsync(server, source, bad, CompressionSpec.None);
        var bytes = await File.ReadAllBytesAsync(bad);
        var at = bytes.AsSpan().IndexOf("\tclient 7\n"u8);
        bytes[at + 8] = (byte)'8';
        await File.WriteAllBytesAsync(bad, bytes);

        var passed = await PgSnapCli.Default.RunAsync(["drill", good, "--scratch-url", server.UrlFor("postgres"), "--against", server.UrlFor(source)]);
        var failed = await PgSnapCli.Default.RunAsync(["drill", bad, "--scratch-url", server.UrlFor("postgres"), "--json"]);

        Assert.True(passed.ExitCode == 0, passed.StdErr);
        Assert.Contains("drill PASSED", passed.StdOutText, StringComparison.Ordinal);
        Assert.Contains("app.agent_calls", passed.StdOutText, StringComparison.Ordinal);
        Assert.True((await DrillReportFile.TryReadAsync(good, CancellationToken.None))!.Passed);

        Assert.Equal(4, failed.ExitCode);
        Assert.Contains("\"passed\": false", failed.StdOutText, StringComparison.Ordinal);
        Assert.Contains("fails its checksum", failed.StdOutText, StringComparison.Ordinal);
        Assert.False((await DrillReportFile.TryReadAsync(bad, CancellationToken.None))!.Passed);

        foreach (var text in new[] { passed.StdOutText, passed.StdErr, failed.StdOutText, failed.StdErr, await File.ReadAllTextAsync(good + ".drill.json") })
        {
            Assert.DoesNotContain(server.Password!, text, StringComparison.Ordinal);
        }

        await server.DropDatabaseAsync(source);
    }
}
