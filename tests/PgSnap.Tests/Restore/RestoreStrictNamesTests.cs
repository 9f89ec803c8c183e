using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

/// <summary>
/// Restore --strict-names (pg_restore's): an -n schema the archive holds nothing of is a usage error (exit 2, one
/// line naming it) before anything runs; without it such an -n just restores nothing of that schema.
/// </summary>
public sealed class RestoreStrictNamesTests
{
    [Theory]
    [InlineData("pg_dump")]
    [InlineData("pgsnap")]
    public async Task An_n_schema_the_archive_lacks_is_an_error_with_strict_names(string maker)
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("rstrict_src");
        await server.ExecuteAsync(source, "CREATE SCHEMA app; CREATE TABLE app.t (id int); INSERT INTO app.t VALUES (1);");
        var file = RestoreFixture.TempFile("strict.sql");
        if (maker == "pg_dump")
        {
            await RestoreFixture.PgDumpAsync(source, file);
        }
        else
        {
            var dumped = await PgSnapCli.Default.RunAsync(["dump", "-d", server.UrlFor(source), "-f", file, "-q"]);
            Assert.True(dumped.ExitCode == 0, dumped.StdErr);
        }

        var target = await server.CreateDatabaseAsync("rstrict_dst");
        var strict = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(target), "-n", "app", "-n", "nosuch_schema", "--strict-names", "-q"]);

        Assert.Equal(2, strict.ExitCode);
        var error = strict.StdErr.Trim();
        Assert.DoesNotContain("\n", error, StringComparison.Ordinal);
        Assert.Contains("\"nosuch_schema\"", error, StringComparison.Ordinal);
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_namespace WHERE nspname = 'app'"));

        var found = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(target), "-n", "app", "--strict-names", "-q"]);
        Assert.True(found.ExitCode == 0, found.StdErr);
        Assert.Equal(1L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM app.t"));

        var lenient = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(await server.CreateDatabaseAsync("rstrict_len")), "-n", "nosuch_schema", "-q"]);
        Assert.True(lenient.ExitCode == 0, lenient.StdErr);
    }
}
