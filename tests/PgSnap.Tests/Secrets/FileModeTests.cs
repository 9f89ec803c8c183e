using PgSnap.Tests.Cli;
using PgSnap.Tests.Guards;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Secrets;

/// <summary>
/// Backups hold secrets, so every file pgsnap writes with database content is 0600 and every folder it creates for
/// them 0700, even under a umask of 000 that would leave them open to everyone; verify warns about an archive that
/// others can read.
/// </summary>
public sealed class FileModeTests
{
    [Fact]
    public async Task Archives_safety_backups_role_scripts_and_drill_records_are_private_whatever_the_umask()
    {
        var server = await TestServer.GetAsync();
        var source = await GuardsKit.CreateSourceAsync(server, "modes_src");
        var target = await GuardsKit.CreateSourceAsync(server, "modes_tgt");
        var folder = GuardsKit.TempFolder("pgsnap-modes-");
        var openUmask = PgSnapCli.Default.WrappedBy("/bin/sh", "-c", "umask 000; exec \"$0\" \"$@\"");
        try
        {
            var archive = Path.Combine(folder, "backup_modes_20261206_010000_a.sql.gz");
            var plain = Path.Combine(folder, "plain.sql");
            var roles = Path.Combine(folder, "roles.sql");
            var safetyDir = Path.Combine(folder, "new", "safety");
            await openUmask.RunCheckedAsync(["dump", "--url", server.UrlFor(source), "-f", archive]);
            await openUmask.RunCheckedAsync(["dump", "--url", server.UrlFor(source), "-f", plain]);
            await openUmask.RunCheckedAsync(["roles", "--url", server.UrlFor(source), "-f", roles]);
            await openUmask.RunCheckedAsync(["restore", archive, "--url", server.UrlFor(target), "--clean", "--backup-dir", safetyDir]);
            await openUmask.RunCheckedAsync(["drill", archive, "--scratch-url", server.UrlFor("postgres")]);

            var safety = Assert.Single(Directory.GetFiles(safetyDir));
            foreach (var file in new[] { archive, plain, roles, safety, archive + ".drill.json" })
            {
                Assert.True(File.GetUnixFileMode(file) == PgSnap.Archive.Writing.PrivateFiles.FileMode, $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}");
            }

            foreach (var dir in new[] { safetyDir, Path.GetDirectoryName(safetyDir)! })
            {
                Assert.True(File.GetUnixFileMode(dir) == PgSnap.Archive.Writing.PrivateFiles.DirectoryMode, $"{dir} is {File.GetUnixFileMode(dir)}");
            }

            var quiet = await PgSnapCli.Default.RunCheckedAsync(["verify", plain]);
            Assert.DoesNotContain("WARNING", quiet.StdOutText, StringComparison.Ordinal);
            File.SetUnixFileMode(plain, PgSnap.Archive.Writing.PrivateFiles.FileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var warned = await PgSnapCli.Default.RunCheckedAsync(["verify", plain]);
            Assert.Contains("WARNING: " + plain + " is readable or writable by group or others (mode 0644)", warned.StdOutText, StringComparison.Ordinal);
        }
        finally
        {
            await server.DropDatabaseAsync(source);
            await server.DropDatabaseAsync(target);
            Directory.Delete(folder, recursive: true);
        }
    }
}
