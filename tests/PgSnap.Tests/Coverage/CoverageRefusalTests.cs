using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Coverage;

/// <summary>
/// The coverage audit through the real binary, on an object pgsnap cannot dump today: a function a superuser created
/// in pg_catalog (the readers, like pg_dump, skip every system schema, so it would vanish without a word). Also a
/// partition whose copy of its parent's trigger is disabled (the readers rebuild the clone in the parent's state).
/// </summary>
public sealed class CoverageRefusalTests
{
    private const string Setup = """
        CREATE FUNCTION pg_catalog.pgsnap_cov_lost() RETURNS int LANGUAGE sql AS 'SELECT 1';
        CREATE TABLE kept (id int PRIMARY KEY, note text);
        INSERT INTO kept VALUES (1, 'one'), (2, 'two');
        COMMENT ON TABLE kept IS 'kept';
        """;

    [Fact]
    public async Task A_dump_that_would_lose_an_object_is_refused_with_exit_6_unless_allow_uncovered_records_it_for_verify_and_list()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("cov_refuse");
        await server.ExecuteAsync(db, Setup);
        var dir = Directory.CreateTempSubdirectory("pgsnap-cov-").FullName;
        try
        {
            var path = Path.Combine(dir, "lost.sql");
            var refused = await PgSnapCli.Default.RunAsync(["dump", "-d", server.UrlFor(db), "-f", path, "-q"]);
            Assert.Equal(6, refused.ExitCode);
            Assert.Contains("function pgsnap_cov_lost()", refused.StdErr, StringComparison.Ordinal);
            Assert.Contains("--allow-uncovered", refused.StdErr, StringComparison.Ordinal);
            Assert.False(File.Exists(path));
            Assert.Empty(Directory.GetFiles(dir));

            // The options explain what they leave out: -n public does not ask for pg_catalog.
            var selective = await PgSnapCli.Default.RunAsync(["dump", "-d", server.UrlFor(db), "-f", path, "-q", "-n", "public"]);
            Assert.Equal(0, selective.ExitCode);
            File.Delete(path);

            await PgSnapCli.Default.RunCheckedAsync(["dump", "-d", server.UrlFor(db), "-f", path, "-q", "--allow-uncovered"]);
            var header = File.ReadLines(path).Skip(1).First();
            Assert.Contains("\"uncovered\":[\"function pgsnap_cov_lost()\"]", header, StringComparison.Ordinal);

            var verify = await PgSnapCli.Default.RunAsync(["verify", path]);
            Assert.Equal(0, verify.ExitCode);
            Assert.Contains("UNCOVERED: dumped with --allow-uncovered; 1 thing(s)", verify.StdOutText, StringComparison.Ordinal);
            Assert.Contains("    - function pgsnap_cov_lost()", verify.StdOutText, StringComparison.Ordinal);
            var verifyJson = await PgSnapCli.Default.RunAsync(["verify", path, "--json"]);
            Assert.Contains("\"uncovered\": [", verifyJson.StdOutText, StringComparison.Ordinal);
            Assert.Contains("\"function pgsnap_cov_lost()\"", verifyJson.StdOutText, StringComparison.Ordinal);

            var list = await PgSnapCli.Default.RunCheckedAsync(["list", path]);
            Assert.Contains(";;   - function pgsnap_cov_lost()", list.StdOutText, StringComparison.Ordinal);
            var listJson = await PgSnapCli.Default.RunCheckedAsync(["list", path, "--json"]);
            Assert.Contains("\"function pgsnap_cov_lost()\"", listJson.StdOutText, StringComparison.Ordinal);
            var piped = await PgSnapCli.Default.RunCheckedAsync(["list", "-", "--json"], stdinFile: path);
            Assert.Contains("\"function pgsnap_cov_lost()\"", piped.StdOutText, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            await server.DropDatabaseAsync(db);
        }
    }

    [Fact]
    public async Task A_partitions_trigger_in_another_state_than_its_parents_is_named()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("cov_trigger");
        await server.ExecuteAsync(db, """
            CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
            CREATE TABLE measures (at int) PARTITION BY RANGE (at);
            CREATE TABLE measures_1 PARTITION OF measures FOR VALUES FROM (0) TO (10);
            CREATE TRIGGER audit AFTER INSERT ON measures FOR EACH ROW EXECUTE FUNCTION trg();
            ALTER TABLE measures_1 DISABLE TRIGGER audit;
            """);
        try
        {
            var refused = await PgSnapCli.Default.RunAsync(["dump", "-d", server.UrlFor(db), "-s", "-f", "-", "-q"]);
            if (refused.ExitCode == 0)
            {
                // Another helper makes the readers write the clone's state; then the audit must stay quiet and the
                // dump must carry it.
                Assert.Contains("DISABLE TRIGGER audit", refused.StdOutText, StringComparison.Ordinal);
                return;
            }

            Assert.Equal(6, refused.ExitCode);
            Assert.Contains("trigger audit on table public.measures_1", refused.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            await server.DropDatabaseAsync(db);
        }
    }
}
