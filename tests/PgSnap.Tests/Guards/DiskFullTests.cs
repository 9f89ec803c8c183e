using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Guards;

/// <summary>
/// A disk that fills up in the middle of a dump (the fault table's "disk full" row): the dump exits non-zero with
/// one line, removes its partial file, and an older backup of the same name is left exactly as it was. The disk is
/// a 2 MiB tmpfs mounted for the test (the tests run as root on these machines); direct I/O and the buffered
/// fallback both meet ENOSPC there.
/// </summary>
public sealed class DiskFullTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _db = null!;
    private string _mount = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.GetAsync();
        _db = await _server.CreateDatabaseAsync("diskfull");
        // ~8 MB of COPY text that gzip cannot shrink much (md5 hex), four times the disk.
        await _server.ExecuteAsync(_db, "CREATE TABLE public.big (id int, t text); INSERT INTO public.big SELECT g, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, 110000) g;");
        _mount = Directory.CreateTempSubdirectory("pgsnap-full-").FullName;
        var mounted = await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", "size=2m", "pgsnap-diskfull", _mount]);
        Assert.True(mounted.ExitCode == 0, $"mounting a 2 MiB tmpfs needs root: {mounted.StdErr}");
    }

    public async Task DisposeAsync()
    {
        await ProcessRunner.RunAsync("umount", [_mount]);
        Directory.Delete(_mount, recursive: true);
    }

    [Theory]
    [InlineData("backup.sql")]
    [InlineData("backup.sql.gz")]
    public async Task A_full_disk_fails_the_dump_and_leaves_the_older_backup_alone(string name)
    {
        var path = Path.Combine(_mount, name);
        await File.WriteAllTextAsync(path, "older backup");

        // --force: replace the older backup, and go past the preflight's "clearly cannot fit" refusal.
        var result = await PgSnapCli.Default.RunAsync(["dump", "--url", _server.UrlFor(_db), "-f", path, "--force", "--quiet"]);

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("pgsnap: error:", StringComparison.Ordinal));
        Assert.Contains("writing the archive failed", error, StringComparison.Ordinal);
        Assert.Contains("No space left on device", error, StringComparison.Ordinal);
        Assert.Equal("older backup", await File.ReadAllTextAsync(path));
        Assert.False(File.Exists(path + ".partial"));
    }
}
