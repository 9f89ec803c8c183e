using PgSnap.Dump.Preflight;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Majors;

/// <summary>
/// The unknown-major policy: 13 to 18 dump silently; any other major is refused before anything is read unless
/// --allow-unknown-server, which makes it a warning and a best-effort dump. The CLI path is tested against a real
/// server behind <see cref="VersionRewritingProxy"/>, which announces it as PostgreSQL 19.
/// </summary>
public sealed class ServerVersionPolicyTests
{
    [Trait(TestTier.Name, TestTier.Fast)]
    [Theory]
    [InlineData(130023)]
    [InlineData(150018)]
    [InlineData(180004)]
    public void Every_major_from_13_to_18_passes_without_a_word(int versionNum)
    {
        Assert.Null(ServerVersionPolicy.Assess(versionNum, allowUnknownServer: false));
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public void A_newer_major_is_refused_with_the_version_and_the_override_named()
    {
        var problem = ServerVersionPolicy.Assess(190001, allowUnknownServer: false);

        Assert.NotNull(problem);
        Assert.True(problem.Blocking);
        Assert.Equal(PreflightCheck.ServerVersion, problem.Check);
        Assert.Contains("PostgreSQL 19 is newer", problem.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-unknown-server", problem.Fix, StringComparison.Ordinal);
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public void A_newer_major_with_the_override_is_only_a_warning()
    {
        var problem = ServerVersionPolicy.Assess(200000, allowUnknownServer: true);

        Assert.NotNull(problem);
        Assert.False(problem.Blocking);
        Assert.Contains("PostgreSQL 20", problem.Message, StringComparison.Ordinal);
        Assert.Contains("verify and drill", problem.Message, StringComparison.Ordinal);
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public void An_older_major_is_refused_too()
    {
        var problem = ServerVersionPolicy.Assess(120022, allowUnknownServer: false);

        Assert.NotNull(problem);
        Assert.True(problem.Blocking);
        Assert.Contains("PostgreSQL 12 is older", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dump_of_a_server_that_announces_19_is_refused_before_writing_anything()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("major19_refused");
        await server.ExecuteAsync(db, "CREATE TABLE t (id int); INSERT INTO t VALUES (1);");
        await using var proxy = VersionRewritingProxy.Start(server.Host, server.Port, "19.0");
        var folder = Directory.CreateTempSubdirectory("pgsnap-major19-").FullName;
        var file = Path.Combine(folder, "backup.sql");

        var result = await PgSnapCli.Default.RunAsync(["dump", "--url", ProxyUrl(server, proxy, db), "-f", file]);

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("PostgreSQL 19 is newer than the majors this pgsnap knows (13 to 18)", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("--allow-unknown-server", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Dump_of_a_server_that_announces_19_goes_on_with_a_warning_under_the_override()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("major19_allowed");
        await server.ExecuteAsync(db, "CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2);");
        await using var proxy = VersionRewritingProxy.Start(server.Host, server.Port, "19.0");
        var folder = Directory.CreateTempSubdirectory("pgsnap-major19-").FullName;
        var file = Path.Combine(folder, "backup.sql");

        var result = await PgSnapCli.Default.RunAsync(["dump", "--url", ProxyUrl(server, proxy, db), "-f", file, "--allow-unknown-server"]);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("warning: PostgreSQL 19 is newer", result.StdErr, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(file);
        Assert.Contains("\"server_version\":\"19.0\"", text, StringComparison.Ordinal);
        Assert.Contains("COPY public.t", text, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    private static string ProxyUrl(TestServer server, VersionRewritingProxy proxy, string db) =>
        server.UrlFor(db).Replace($"@{server.Host}:{server.Port}/", $"@127.0.0.1:{proxy.Port}/", StringComparison.Ordinal);
}
