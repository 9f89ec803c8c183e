using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

/// <summary>
/// Restore-time --no-owner, --no-acl, --no-comments, --role on any archive (a pg_dump plain file, with and without
/// --use-set-session-authorization, and pgsnap's own): the statements are left out by what they are, so text that
/// only looks like them (in a function body, a string, a comment) stays.
/// </summary>
public sealed class RestoreOwnershipOptionsTests
{
    private const string Trap = "COMMENT ON TABLE x IS y; ALTER TABLE x OWNER TO z; GRANT ALL ON x TO z";

    [Theory]
    [InlineData("pg_dump")]
    [InlineData("pg_dump --use-set-session-authorization")]
    [InlineData("pgsnap")]
    public async Task Owner_acl_and_comment_statements_are_skipped_by_classification(string maker)
    {
        var server = await TestServer.GetAsync();
        var (source, owner, reader) = await CreateSourceAsync("ro_src");
        var file = RestoreFixture.TempFile("owned.sql");
        await DumpAsync(server, maker, source, file);
        var target = await server.CreateDatabaseAsync("ro_dst");

        var result = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(target), "--no-owner", "--no-acl", "--no-comments", "-q"]);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(server.User, await server.ScalarAsync<string>(target, "SELECT tableowner FROM pg_tables WHERE tablename = 'owned'"));
        Assert.Equal(server.User, await server.ScalarAsync<string>(target, "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'trap'"));
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_class WHERE relname = 'owned' AND relacl IS NOT NULL"));
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_description d JOIN pg_class c ON c.oid = d.objoid WHERE c.relname = 'owned'"));
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_description d JOIN pg_proc p ON p.oid = d.objoid WHERE p.proname = 'trap'"));
        Assert.Contains(Trap, await server.ScalarAsync<string>(target, "SELECT prosrc FROM pg_proc WHERE proname = 'trap'"), StringComparison.Ordinal);
        Assert.Equal(Trap, await server.ScalarAsync<string>(target, "SELECT note FROM public.owned"));

        // Without the options the same file keeps all three: the skipping above is the options' doing.
        var full = await server.CreateDatabaseAsync("ro_full");
        // Under SET SESSION AUTHORIZATION the owner itself creates its objects: it needs CREATE on public (15+).
        await server.ExecuteAsync(full, $"GRANT CREATE ON SCHEMA public TO {owner}");
        var kept = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(full), "-q"]);
        Assert.True(kept.ExitCode == 0, kept.StdErr);
        Assert.Equal(owner, await server.ScalarAsync<string>(full, "SELECT tableowner FROM pg_tables WHERE tablename = 'owned'"));
        Assert.Equal(1L, await server.ScalarAsync<long>(full, $"SELECT count(*) FROM pg_class WHERE relname = 'owned' AND relacl::text LIKE '%{reader}=r/%'"));
        Assert.Equal("the owned table", await server.ScalarAsync<string>(full, "SELECT obj_description('public.owned'::regclass, 'pg_class')"));
    }

    [Fact]
    public async Task Role_sets_the_role_after_connecting_so_it_owns_what_the_restore_creates()
    {
        var server = await TestServer.GetAsync();
        var (source, _, _) = await CreateSourceAsync("ro_role_src");
        var file = RestoreFixture.TempFile("role.sql");
        await DumpAsync(server, "pg_dump", source, file);
        var target = await server.CreateDatabaseAsync("ro_role_dst");
        var role = $"Restorer {Environment.ProcessId}";
        await server.ExecuteAsync("postgres", $"""
            DROP ROLE IF EXISTS "{role}";
            CREATE ROLE "{role}" NOLOGIN;
            GRANT "{role}" TO CURRENT_USER;
            """);
        await server.ExecuteAsync(target, $"""GRANT CREATE ON SCHEMA public TO "{role}"; GRANT CREATE ON DATABASE "{target}" TO "{role}";""");

        var result = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(target), "--no-owner", "--no-acl", "--role", role, "-q"]);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(role, await server.ScalarAsync<string>(target, "SELECT tableowner FROM pg_tables WHERE tablename = 'owned'"));
        Assert.Equal(role, await server.ScalarAsync<string>(target, "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'trap'"));

        var missing = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(await server.CreateDatabaseAsync("ro_role_bad")), "--no-owner", "--role", "no_such_role_pgsnap", "-q"]);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("no_such_role_pgsnap", missing.StdErr, StringComparison.Ordinal);
    }

    /// <summary>A database with a table and a function owned by another role, a grant, comments, and text that only looks like those statements.</summary>
    private static async Task<(string Database, string Owner, string Reader)> CreateSourceAsync(string prefix)
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync(prefix);
        var owner = $"ro_owner_{Environment.ProcessId}";
        var reader = $"ro_reader_{Environment.ProcessId}";
        await server.ExecuteAsync("postgres", $"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{owner}') THEN CREATE ROLE {owner} NOLOGIN; END IF;
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{reader}') THEN CREATE ROLE {reader} NOLOGIN; END IF;
            END $$;
            """);
        await server.ExecuteAsync(db, $"""
            CREATE TABLE public.owned (id int PRIMARY KEY, note text);
            INSERT INTO public.owned VALUES (1, '{Trap}');
            ALTER TABLE public.owned OWNER TO {owner};
            GRANT SELECT ON public.owned TO {reader};
            COMMENT ON TABLE public.owned IS 'the owned table';
            CREATE FUNCTION public.trap() RETURNS text LANGUAGE sql AS $f$ SELECT '{Trap}'::text $f$;
            ALTER FUNCTION public.trap() OWNER TO {owner};
            COMMENT ON FUNCTION public.trap() IS 'a function';
            """);
        return (db, owner, reader);
    }

    private static async Task DumpAsync(TestServer server, string maker, string database, string file)
    {
        if (maker.StartsWith("pg_dump", StringComparison.Ordinal))
        {
            await RestoreFixture.PgDumpAsync(database, file, [.. maker.Split(' ').Skip(1)]);
            if (maker.Contains("session-authorization", StringComparison.Ordinal))
            {
                Assert.Contains("SET SESSION AUTHORIZATION", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
            }

            return;
        }

        var result = await PgSnapCli.Default.RunAsync(["dump", "-d", server.UrlFor(database), "-f", file, "-q"]);
        Assert.True(result.ExitCode == 0, result.StdErr);
    }
}
