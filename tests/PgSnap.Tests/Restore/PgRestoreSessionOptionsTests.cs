using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

/// <summary>
/// pg_restore's --use-set-session-authorization, --disable-triggers, --no-data-for-failed-tables and -C with --role,
/// through the binary against a real server, on pgsnap archives and pg_dump plain files.
/// </summary>
public sealed class PgRestoreSessionOptionsTests
{
    [Theory]
    [InlineData("pgsnap")]
    [InlineData("pg_dump")]
    public async Task Use_set_session_authorization_has_each_owner_create_its_objects(string maker)
    {
        var server = await TestServer.GetAsync();
        var (owner, reader) = await RolesAsync("ssa");
        var source = await server.CreateDatabaseAsync("ssa_src");
        await server.ExecuteAsync(source, $"""
            CREATE TABLE public.owned (id int PRIMARY KEY);
            INSERT INTO public.owned VALUES (1), (2);
            ALTER TABLE public.owned OWNER TO {owner};
            CREATE TABLE public.mine (id int);
            """);
        var file = RestoreFixture.TempFile("ssa.sql");
        await DumpAsync(server, maker, source, file);

        // Default privileges of the owner apply only to what the owner itself creates: with SET SESSION
        // AUTHORIZATION the table gets the reader's grant, with ALTER … OWNER TO (created by the superuser) not.
        async Task<string> TargetAsync(string prefix)
        {
            var target = await server.CreateDatabaseAsync(prefix);
            await server.ExecuteAsync(target, $"GRANT CREATE ON SCHEMA public TO {owner}; ALTER DEFAULT PRIVILEGES FOR ROLE {owner} GRANT SELECT ON TABLES TO {reader};");
            return target;
        }

        var asOwner = await TargetAsync("ssa_dst");
        var result = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(asOwner), "--use-set-session-authorization", "-q"]);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(owner, await server.ScalarAsync<string>(asOwner, "SELECT tableowner FROM pg_tables WHERE tablename = 'owned'"));
        Assert.Equal(server.User, await server.ScalarAsync<string>(asOwner, "SELECT tableowner FROM pg_tables WHERE tablename = 'mine'"));
        Assert.Equal(1L, await server.ScalarAsync<long>(asOwner, $"SELECT count(*) FROM pg_class WHERE relname = 'owned' AND relacl::text LIKE '%{reader}=r/%'"));
        Assert.Equal(2L, await server.ScalarAsync<long>(asOwner, "SELECT count(*) FROM public.owned"));

        var byAlter = await TargetAsync("ssa_alter");
        var plain = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(byAlter), "-q"]);
        Assert.True(plain.ExitCode == 0, plain.StdErr);
        Assert.Equal(owner, await server.ScalarAsync<string>(byAlter, "SELECT tableowner FROM pg_tables WHERE tablename = 'owned'"));
        Assert.Equal(0L, await server.ScalarAsync<long>(byAlter, $"SELECT count(*) FROM pg_class WHERE relname = 'owned' AND relacl::text LIKE '%{reader}=r/%'"));

        var dry = await PgSnapCli.Default.RunAsync(["restore", file, "--dry-run", "--use-set-session-authorization"]);
        Assert.Contains($"SET SESSION AUTHORIZATION \"{owner}\" (added by pgsnap)", dry.StdOutText, StringComparison.Ordinal);
        Assert.DoesNotContain("OWNER TO", dry.StdOutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pgsnap")]
    [InlineData("pg_dump")]
    public async Task Disable_triggers_loads_rows_a_trigger_would_refuse_and_enables_it_again(string maker)
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("dt_src");
        const string Schema = """
            CREATE TABLE public.parent (id int PRIMARY KEY);
            CREATE TABLE public.child (id int PRIMARY KEY, parent int REFERENCES public.parent);
            CREATE FUNCTION public.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'trigger fired'; END $$;
            """;
        await server.ExecuteAsync(source, Schema + "INSERT INTO public.parent VALUES (1); INSERT INTO public.child VALUES (1, 1);");
        var file = RestoreFixture.TempFile("dt.sql");
        await DumpAsync(server, maker, source, file, "-a");

        async Task<string> TargetAsync(string prefix)
        {
            var target = await server.CreateDatabaseAsync(prefix);
            await server.ExecuteAsync(target, Schema + "CREATE TRIGGER no_rows BEFORE INSERT ON public.child FOR EACH ROW EXECUTE FUNCTION public.refuse();");
            return target;
        }

        var without = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(await TargetAsync("dt_plain")), "-q"]);
        Assert.NotEqual(0, without.ExitCode);
        Assert.Contains("trigger fired", without.StdErr, StringComparison.Ordinal);

        var target = await TargetAsync("dt_dst");
        var result = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(target), "--disable-triggers", "-q"]);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(1L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.child"));
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_trigger WHERE tgrelid IN ('public.child'::regclass, 'public.parent'::regclass) AND tgenabled <> 'O'"));

        // A role that is not a superuser cannot disable foreign-key triggers: refused before anything runs.
        var role = $"dt_plain_role_{Environment.ProcessId}";
        await server.ExecuteAsync("postgres", $"DROP ROLE IF EXISTS {role}; CREATE ROLE {role} NOLOGIN; GRANT {role} TO CURRENT_USER;");
        var refused = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(await TargetAsync("dt_role")), "--disable-triggers", "--role", role, "-q"]);
        Assert.Equal(6, refused.ExitCode);
        Assert.Contains("--disable-triggers needs a superuser", refused.StdErr, StringComparison.Ordinal);

        // Not a data-only restore: the option would do nothing, so it is refused rather than ignored.
        var full = RestoreFixture.TempFile("dt_full.sql");
        await DumpAsync(server, maker, source, full);
        var notDataOnly = await PgSnapCli.Default.RunAsync(["restore", full, "-d", server.UrlFor(await server.CreateDatabaseAsync("dt_full")), "--disable-triggers", "-q"]);
        Assert.Equal(2, notDataOnly.ExitCode);
        Assert.Contains("data-only", notDataOnly.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_data_for_failed_tables_holds_by_design_since_restore_stops_at_the_first_error()
    {
        var server = await TestServer.GetAsync();
        var file = RestoreFixture.TempFile("failed_table.sql");
        await File.WriteAllTextAsync(file, """
            CREATE TABLE public.good (v int);
            CREATE TABLE public.bad (v no_such_type);
            COPY public.bad (v) FROM stdin;
            1
            \.
            COPY public.good (v) FROM stdin;
            1
            \.

            """);
        var target = await server.CreateDatabaseAsync("nodata_failed");

        var result = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(target), "--no-data-for-failed-tables", "-q"]);

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("no_such_type", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_class WHERE relname = 'bad'"));
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.good"));
    }

    [Fact]
    public async Task Create_with_role_makes_the_new_database_owned_by_that_role()
    {
        var server = await TestServer.GetAsync();
        var role = $"creator_{Environment.ProcessId}";
        await server.ExecuteAsync("postgres", $"DROP ROLE IF EXISTS {role}; CREATE ROLE {role} NOLOGIN CREATEDB; GRANT {role} TO CURRENT_USER;");
        var source = await server.CreateDatabaseAsync("crole_src");
        await server.ExecuteAsync(source, "CREATE TABLE public.t (v int); INSERT INTO public.t VALUES (7);");
        var file = RestoreFixture.TempFile("crole.sql");
        await DumpAsync(server, "pgsnap", source, file);
        var name = $"pgsnap_crole_{Guid.NewGuid():N}"[..28];
        try
        {
            var result = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(name), "-C", "--role", role, "--no-owner", "-q"]);

            Assert.True(result.ExitCode == 0, result.StdErr);
            Assert.Equal(role, await server.ScalarAsync<string>("postgres", $"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{name}'"));
            Assert.Equal(role, await server.ScalarAsync<string>(name, "SELECT tableowner FROM pg_tables WHERE tablename = 't'"));
            Assert.Equal(7, await server.ScalarAsync<int>(name, "SELECT v FROM public.t"));
        }
        finally
        {
            await server.DropDatabaseAsync(name);
        }
    }

    private static async Task<(string Owner, string Reader)> RolesAsync(string prefix)
    {
        var server = await TestServer.GetAsync();
        var owner = $"{prefix}_owner_{Environment.ProcessId}";
        var reader = $"{prefix}_reader_{Environment.ProcessId}";
        await server.ExecuteAsync("postgres", $"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{owner}') THEN CREATE ROLE {owner} NOLOGIN; END IF;
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{reader}') THEN CREATE ROLE {reader} NOLOGIN; END IF;
            END $$;
            """);
        return (owner, reader);
    }

    private static async Task DumpAsync(TestServer server, string maker, string database, string file, params string[] extra)
    {
        if (maker == "pg_dump")
        {
            await RestoreFixture.PgDumpAsync(database, file, extra);
            return;
        }

        var result = await PgSnapCli.Default.RunAsync(["dump", "-d", server.UrlFor(database), "-f", file, "-q", .. extra]);
        Assert.True(result.ExitCode == 0, result.StdErr);
    }
}
