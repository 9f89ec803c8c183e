using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Retention;

/// <summary>
/// A one-table dump written by the naming convention is called backup_… like a full one: prune must never let it
/// stand in for the full backup of its day (it would delete the only full one), and keeps it instead.
/// </summary>
public sealed class PartialBackupPruneTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_one_table_dump_named_backup_never_replaces_the_full_backup_of_its_day()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("prune_partial");
        var folder = Directory.CreateTempSubdirectory("pgsnap-prune-partial-").FullName;
        try
        {
            await server.ExecuteAsync(db, "CREATE TABLE public.a (id int PRIMARY KEY); CREATE TABLE public.b (id int); INSERT INTO public.a VALUES (1);");
            await PgSnapCli.Default.RunCheckedAsync(["dump", "--url", server.UrlFor(db), "--output-dir", folder, "--env", "prod", "--quiet"]);
            await PgSnapCli.Default.RunCheckedAsync(["dump", "--url", server.UrlFor(db), "-t", "public.a", "--output-dir", folder, "--env", "prod", "--label", "one_table", "--quiet"]);
            var full = Assert.Single(Directory.GetFiles(folder), f => !f.Contains("one_table", StringComparison.Ordinal));
            var partial = Assert.Single(Directory.GetFiles(folder), f => f.Contains("one_table", StringComparison.Ordinal));

            var dry = await PgSnapCli.Default.RunAsync(["prune", folder, "--keep-daily", "1", "--dry-run"]);
            output.WriteLine(dry.StdOutText);
            Assert.Equal(0, dry.ExitCode);
            var partialLine = Assert.Single(dry.StdOutText.Split('\n'), l => l.Contains(Path.GetFileName(partial), StringComparison.Ordinal));
            Assert.Contains("partial dump (-t public.a)", partialLine, StringComparison.Ordinal);
            var fullLine = Assert.Single(dry.StdOutText.Split('\n'), l => l.Contains(Path.GetFileName(full), StringComparison.Ordinal));
            Assert.Contains("daily ", fullLine, StringComparison.Ordinal);

            var real = await PgSnapCli.Default.RunAsync(["prune", folder, "--keep-daily", "1"]);
            Assert.Equal(0, real.ExitCode);
            Assert.True(File.Exists(full), "the full backup of the day was deleted: the one-table dump took its place");
            Assert.True(File.Exists(partial), "a partial dump is kept: prune does not count it, so it does not delete it either");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            await server.DropDatabaseAsync(db);
        }
    }
}
