using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Verify;

/// <summary>
/// The runbook's own step: a plain backup compressed afterwards with the system's gzip or zstd (one gzip stream or
/// zstd frame, not PgSnap's block framing) is still a complete backup: verify streams it, drill and restore read it, and prune
/// counts it; only the parallel restore, which needs the block framing, is unavailable, and verify says so.
/// </summary>
public sealed class GzippedAfterwardsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("gzip", ".gz")]
    [InlineData("zstd", ".zst")]
    public async Task A_plain_backup_compressed_afterwards_verifies_restores_and_counts_for_prune(string tool, string extension)
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync($"{tool}_after_src");
        var target = await server.CreateDatabaseAsync($"{tool}_after_dst");
        var folder = Directory.CreateTempSubdirectory("pgsnap-gzip-after-").FullName;
        try
        {
            await server.ExecuteAsync(source, "CREATE TABLE public.t (id int PRIMARY KEY, v text); INSERT INTO public.t SELECT g, repeat('x', g % 50) FROM generate_series(1, 5000) g;");
            await PgSnapCli.Default.RunCheckedAsync(["dump", "--url", server.UrlFor(source), "-Z", "0", "--output-dir", folder, "--env", "prod", "--quiet"]);
            var plain = Assert.Single(Directory.GetFiles(folder));
            // Both tools replace FILE with FILE.gz / FILE.zst (zstd keeps the original unless --rm).
            var compress = await ProcessRunner.RunAsync(tool, tool == "zstd" ? ["-q", "--rm", plain] : [plain]);
            Assert.Equal(0, compress.ExitCode);
            var archive = plain + extension;

            var verify = await PgSnapCli.Default.RunAsync(["verify", archive]);
            output.WriteLine(verify.StdOutText + verify.StdErr);
            Assert.Equal(0, verify.ExitCode);
            Assert.Contains("parallel restore is unavailable", verify.StdOutText + verify.StdErr, StringComparison.Ordinal);

            await PgSnapCli.Default.RunCheckedAsync(["restore", archive, "--url", server.UrlFor(target)]);
            Assert.Equal("5000", await server.ScalarAsync<string>(target, "SELECT count(*)::text FROM public.t"));

            var prune = await PgSnapCli.Default.RunAsync(["prune", folder, "--keep-last", "1", "--dry-run"]);
            output.WriteLine(prune.StdOutText);
            Assert.Equal(0, prune.ExitCode);
            Assert.Contains("last 1", prune.StdOutText, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            await server.DropDatabaseAsync(source);
            await server.DropDatabaseAsync(target);
        }
    }
}
