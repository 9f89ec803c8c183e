using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Coverage;

/// <summary>
/// verify --against and drill --against compare objects, not only tables and row counts: after a dump, a dropped
/// policy, a revoked grant and a deleted comment on the live database are each a difference (exit 1); an unchanged
/// database shows none.
/// </summary>
public sealed class ObjectComparisonTests
{
    private const string Setup = """
        DO $$ BEGIN CREATE ROLE pgsnap_cov_auditor; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
        CREATE TABLE notes (id int PRIMARY KEY, author text, body text);
        ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY own_notes ON notes USING (author = current_user);
        GRANT SELECT ON notes TO pgsnap_cov_auditor;
        COMMENT ON TABLE notes IS 'what people wrote';
        CREATE FUNCTION note_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM notes';
        COMMENT ON FUNCTION note_count() IS 'how many';
        INSERT INTO notes VALUES (1, 'ann', 'hello'), (2, 'bob', 'world');
        """;

    [Fact]
    public async Task Verify_and_drill_against_report_a_dropped_policy_a_revoked_grant_and_a_deleted_comment()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("cov_against");
        await server.ExecuteAsync(db, Setup);
        var dir = Directory.CreateTempSubdirectory("pgsnap-cov-against-").FullName;
        try
        {
            var path = Path.Combine(dir, "notes.sql");
            await PgSnapCli.Default.RunCheckedAsync(["dump", "-d", server.UrlFor(db), "-f", path, "-q"]);

            var same = await PgSnapCli.Default.RunAsync(["verify", path, "--against", server.UrlFor(db)]);
            Assert.True(same.ExitCode == 0, same.StdOutText + same.StdErr);
            Assert.Matches(@"against cov_against\w*: \d+ objects compared \(definition, owner, privileges, comment\), 0 differences", same.StdOutText);
            var drilled = await PgSnapCli.Default.RunAsync(["drill", path, "--scratch-url", server.UrlFor("postgres"), "--against", server.UrlFor(db)]);
            Assert.True(drilled.ExitCode == 0, drilled.StdOutText + drilled.StdErr);

            await server.ExecuteAsync(db, """
                DROP POLICY own_notes ON notes;
                REVOKE SELECT ON notes FROM pgsnap_cov_auditor;
                COMMENT ON FUNCTION note_count() IS NULL;
                """);

            var changed = await PgSnapCli.Default.RunAsync(["verify", path, "--against", server.UrlFor(db)]);
            Assert.Equal(1, changed.ExitCode);
            Assert.Contains("FAIL against: policy own_notes on public.notes is in the archive but not in the live database", changed.StdOutText, StringComparison.Ordinal);
            Assert.Contains("FAIL against: table public.notes: privileges differ between the archive and the live database", changed.StdOutText, StringComparison.Ordinal);
            Assert.Contains("FAIL against: function public.note_count(): comment differs between the archive and the live database", changed.StdOutText, StringComparison.Ordinal);
            var json = await PgSnapCli.Default.RunAsync(["verify", path, "--against", server.UrlFor(db), "--json"]);
            Assert.Contains("\"object_differences\": [", json.StdOutText, StringComparison.Ordinal);

            var drill = await PgSnapCli.Default.RunAsync(["drill", path, "--scratch-url", server.UrlFor("postgres"), "--against", server.UrlFor(db)]);
            Assert.Equal(1, drill.ExitCode);
            Assert.Contains("policy own_notes on public.notes is in the restored copy but not in the live source", drill.StdErr, StringComparison.Ordinal);
            Assert.Contains("table public.notes: privileges differ between the live source and the restored copy", drill.StdErr, StringComparison.Ordinal);
            Assert.Contains("function public.note_count(): comment differs between the live source and the restored copy", drill.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            await server.DropDatabaseAsync(db);
        }
    }
}
