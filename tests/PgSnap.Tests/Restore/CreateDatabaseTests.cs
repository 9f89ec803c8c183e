using PgSnap.Archive.Compression;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Guards;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Restore;

/// <summary>
/// restore -C creates the database its URL names (on the maintenance database), refuses one that exists and drops
/// it again when the restore fails; drill --scratch-url naming a database that does not exist creates it and drops
/// it afterwards unless --keep.
/// </summary>
public sealed class CreateDatabaseTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Restore_create_makes_the_named_database_refuses_an_existing_one_and_drops_it_when_the_restore_fails()
    {
        var server = await TestServer.GetAsync();
        var source = await GuardsKit.CreateSourceAsync(server, "create_src");
        var archive = RestoreFixture.TempFile("create.sql.gz");
        await GuardsKit.DumpAsync(server, source, archive, CompressionSpec.Gzip);
        var name = $"pgsnap_created_{Guid.NewGuid():N}"[..30];
        try
        {
            var created = await PgSnapCli.Default.RunAsync(["restore", archive, "--url", server.UrlFor(name), "-C"]);
            output.WriteLine(created.StdErr);
            Assert.True(created.ExitCode == 0, created.StdErr);
            Assert.True(await GuardsKit.DatabaseExistsAsync(server, name));
            Assert.Equal(await GuardsKit.FingerprintAsync(server, source, "public.clients"), await GuardsKit.FingerprintAsync(server, name, "public.clients"));

            var again = await PgSnapCli.Default.RunAsync(["restore", archive, "--url", server.UrlFor(name), "-C"]);
            Assert.Equal(6, again.ExitCode);
            Assert.Contains($"database \"{name}\" already exists", again.StdErr, StringComparison.Ordinal);
            await server.DropDatabaseAsync(name);

            var failing = RestoreFixture.TempFile("failing.sql");
            await File.WriteAllTextAsync(failing, "CREATE TABLE t (v int);\nSELECT 1 / 0;\n");
            var failed = await PgSnapCli.Default.RunAsync(["restore", failing, "--url", server.UrlFor(name), "--create"]);
            Assert.Equal(5, failed.ExitCode);
            Assert.False(await GuardsKit.DatabaseExistsAsync(server, name), "a failed restore -C left the database it created");
            File.Delete(failing);
        }
        finally
        {
            File.Delete(archive);
            await server.DropDatabaseAsync(source);
        }
    }

    [Fact]
    public async Task Drill_with_a_scratch_url_naming_a_database_that_does_not_exist_creates_it_and_drops_it_unless_keep()
    {
        var server = await TestServer.GetAsync();
        var source = await GuardsKit.CreateSourceAsync(server, "drillnew_src");
        var folder = GuardsKit.TempFolder("pgsnap-drillnew-");
        var archive = Path.Combine(folder, "drill.sql.gz");
        await GuardsKit.DumpAsync(server, source, archive, CompressionSpec.Gzip);
        var name = $"pgsnap_scratch_{Guid.NewGuid():N}"[..30];
        try
        {
            var dropped = await PgSnapCli.Default.RunAsync(["drill", archive, "--scratch-url", server.UrlFor(name)]);
            output.WriteLine(dropped.StdOut.Length > 0 ? System.Text.Encoding.UTF8.GetString(dropped.StdOut) : dropped.StdErr);
            Assert.True(dropped.ExitCode == 0, dropped.StdErr);
            Assert.Contains($"scratch database {name} dropped", System.Text.Encoding.UTF8.GetString(dropped.StdOut), StringComparison.Ordinal);
            Assert.False(await GuardsKit.DatabaseExistsAsync(server, name));

            var kept = await PgSnapCli.Default.RunAsync(["drill", archive, "--scratch-url", server.UrlFor(name), "--keep"]);
            Assert.True(kept.ExitCode == 0, kept.StdErr);
            Assert.True(await GuardsKit.DatabaseExistsAsync(server, name));
            Assert.Equal(await GuardsKit.FingerprintAsync(server, source, "public.clients"), await GuardsKit.FingerprintAsync(server, name, "public.clients"));
        }
        finally
        {
            await server.DropDatabaseAsync(name);
            await server.DropDatabaseAsync(source);
            Directory.Delete(folder, recursive: true);
        }
    }
}
