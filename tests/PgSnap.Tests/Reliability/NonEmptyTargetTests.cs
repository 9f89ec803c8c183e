using PgSnap.Tests.Cli;
using PgSnap.Tests.Guards;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Reliability;

/// <summary>
/// Fault table, "non-empty target": a restore without --clean/--force into a database that holds user objects is
/// refused with exit 6 and one error line naming what is there, before anything runs: the target keeps exactly its
/// rows, no safety backup or other file appears next to the archive, and the archive is untouched.
/// </summary>
public sealed class NonEmptyTargetTests
{
    [Fact]
    public async Task A_restore_into_a_database_holding_tables_exits_6_naming_them_and_changes_nothing()
    {
        var server = await TestServer.GetAsync();
        var source = await GuardsKit.CreateSourceAsync(server, "nonempty_src");
        var target = await server.CreateDatabaseAsync("nonempty_target");
        var folder = GuardsKit.TempFolder("pgsnap-nonempty-");
        try
        {
            var archive = Path.Combine(folder, "backup.sql.gz");
            await PgSnapCli.Default.RunCheckedAsync(["dump", "--url", server.UrlFor(source), "-f", archive, "--quiet"]);
            var bytes = await File.ReadAllBytesAsync(archive);
            await server.ExecuteAsync(target, "CREATE TABLE public.precious (id int); INSERT INTO public.precious SELECT generate_series(1, 42);");
            var before = await GuardsKit.FingerprintAsync(server, target, "public.precious");

            var result = await PgSnapCli.Default.RunAsync(["restore", archive, "--url", server.UrlFor(target)]);

            Assert.Equal(6, result.ExitCode);
            Assert.Contains("public.precious", FaultKit.SingleErrorLine(result.StdErr), StringComparison.Ordinal);
            Assert.Equal(before, await GuardsKit.FingerprintAsync(server, target, "public.precious"));
            Assert.Equal(1L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_class WHERE relnamespace <> ALL (ARRAY['pg_catalog'::regnamespace, 'information_schema'::regnamespace, 'pg_toast'::regnamespace]) AND relkind = 'r'"));
            Assert.Equal(new[] { archive }, Directory.GetFiles(folder));
            Assert.Equal(bytes, await File.ReadAllBytesAsync(archive));
        }
        finally
        {
            await server.DropDatabaseAsync(source);
            await server.DropDatabaseAsync(target);
            Directory.Delete(folder, recursive: true);
        }
    }
}
