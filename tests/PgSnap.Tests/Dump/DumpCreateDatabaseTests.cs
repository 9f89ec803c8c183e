using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>
/// <c>pgsnap dump -C</c> as pg_dump -C: the archive creates its database (owner, comment, settings, privileges) and
/// <c>\connect</c>s to it, so psql -f and pgsnap restore run it from the maintenance database after the database is gone.
/// </summary>
public sealed class DumpCreateDatabaseTests
{
    [Fact]
    public async Task Create_dump_recreates_the_dropped_database_with_its_comment_settings_and_grants_via_psql_and_pgsnap()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("dumpcreate");
        await server.ExecuteAsync(db, "CREATE TABLE public.t (id int); INSERT INTO public.t SELECT generate_series(1, 25);");
        await server.ExecuteAsync("postgres", $"""
            DO $$ BEGIN CREATE ROLE pgsnap_cdb_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
            COMMENT ON DATABASE {db} IS 'the app''s database';
            ALTER DATABASE {db} SET work_mem TO '7MB';
            ALTER DATABASE {db} SET search_path TO public, "$user";
            ALTER DATABASE {db} CONNECTION LIMIT 40;
            GRANT CONNECT, TEMPORARY ON DATABASE {db} TO pgsnap_cdb_reader;
            REVOKE TEMPORARY ON DATABASE {db} FROM PUBLIC;
            """);
        var expected = await DescribeAsync(server, db);
        var dir = Directory.CreateTempSubdirectory("pgsnap-create-").FullName;
        var archive = Path.Combine(dir, "create.sql");
        try
        {
            var dumped = await PgSnapCli.Default.RunAsync(["dump", "--url", server.UrlFor(db), "-C", "-c", "--if-exists", "-f", archive, "-q"]);
            Assert.True(dumped.ExitCode == 0, dumped.StdErr);
            var text = await File.ReadAllTextAsync(archive);
            Assert.Contains($"DROP DATABASE IF EXISTS {db};\nCREATE DATABASE {db} WITH TEMPLATE = template0 ENCODING = 'UTF8'", text, StringComparison.Ordinal);
            Assert.Contains($"\n\\connect {db}\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("DROP TABLE", text, StringComparison.Ordinal);

            // psql -f from the maintenance database, the database gone.
            await server.DropDatabaseAsync(db);
            var psql = await ProcessRunner.RunAsync(
                PostgresBinaries.Tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-f", archive], server.ToolEnvironment());
            Assert.True(psql.ExitCode == 0, psql.StdErr);
            Assert.Equal(expected, await DescribeAsync(server, db));

            // pgsnap restore: the same from the maintenance database with --allow-connect; -C on top is refused.
            await server.DropDatabaseAsync(db);
            var restored = await PgSnapCli.Default.RunAsync(["restore", archive, "--url", server.UrlFor("postgres"), "--allow-connect", "-q"]);
            Assert.True(restored.ExitCode == 0, restored.StdErr);
            Assert.Equal(expected, await DescribeAsync(server, db));
            var both = await PgSnapCli.Default.RunAsync(["restore", archive, "--url", server.UrlFor("pgsnap_cdb_other"), "-C", "-q"]);
            Assert.Equal(2, both.ExitCode);
            Assert.Contains("this archive creates its database itself (dumped with -C): restore it without -C", both.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            await server.DropDatabaseAsync(db);
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>What -C carries: encoding and locale, owner, comment, connection limit, settings, privileges, rows.</summary>
    private static async Task<string?> DescribeAsync(TestServer server, string db) =>
        await server.ScalarAsync<string>("postgres", $"""
            SELECT concat_ws(' | ', pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, pg_get_userbyid(d.datdba),
                   shobj_description(d.oid, 'pg_database'), d.datconnlimit, (SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(d.datacl) a),
                   (SELECT array_to_string(setconfig, ',') FROM pg_db_role_setting WHERE setdatabase = d.oid AND setrole = 0))
            FROM pg_database d WHERE d.datname = '{db}'
            """) + " | " + await server.ScalarAsync<long>(db, "SELECT count(*) FROM public.t");
}
