using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Roles;

/// <summary>
/// `pgsnap roles` and `pgsnap dump --roles` against the real server. Roles are cluster-wide, so every test uses
/// names with its own unique prefix, selects only those with --role, and drops them at the end.
/// </summary>
public sealed class RolesTests(ITestOutputHelper output)
{
    private const string Password = "Pw-never-in-any-file-9731";

    [Fact]
    public async Task Roles_dropped_after_pgsnap_roles_come_back_identical_through_pgsnap_restore_and_again_through_psql()
    {
        var server = await TestServer.GetAsync();
        var p = Prefix("rt");
        var db = await server.CreateDatabaseAsync("roles_rt");
        var folder = Directory.CreateTempSubdirectory("pgsnap-roles-").FullName;
        try
        {
            await CreateRolesAsync(server, p, db);
            var before = await SnapshotAsync(server, p);
            output.WriteLine(before);
            var file = Path.Combine(folder, "roles.sql");

            var dumped = await PgSnapCli.Default.RunCheckedAsync(["roles", "--url", server.UrlFor(db), "-f", file, "--role", p + "*"]);

            var text = await File.ReadAllTextAsync(file);
            output.WriteLine(text);
            Assert.Contains("wrote 4 roles (0 reserved, commented out), 4 settings, 3 memberships", dumped.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(" PASSWORD", text, StringComparison.Ordinal);
            Assert.DoesNotContain("SCRAM-SHA-256", text, StringComparison.Ordinal);
            Assert.DoesNotContain("CREATE ROLE \"pg_", text, StringComparison.Ordinal);

            await DropRolesAsync(server, p);
            Assert.Equal("", await server.ScalarAsync<string>("postgres", $"SELECT coalesce(string_agg(rolname, ','), '') FROM pg_roles WHERE rolname LIKE '{p}%'"));

            var restoreDb = await server.CreateDatabaseAsync("roles_rt_target");
            await PgSnapCli.Default.RunCheckedAsync(["restore", file, "--url", server.UrlFor(restoreDb)]);
            Assert.Equal(before, await SnapshotAsync(server, p));

            // Run again, now over existing roles, with psql: nothing fails and nothing changes.
            var psql = await ProcessRunner.RunAsync(PostgresBinaries.Tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", restoreDb, "-f", file], server.ToolEnvironment());
            Assert.True(psql.ExitCode == 0, psql.StdErr);
            Assert.Equal(before, await SnapshotAsync(server, p));
            await server.DropDatabaseAsync(restoreDb);
        }
        finally
        {
            await DropRolesAsync(server, p);
            await server.DropDatabaseAsync(db);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Supabase_profile_writes_reserved_roles_and_grants_to_them_commented_out_and_psql_runs_it()
    {
        var server = await TestServer.GetAsync();
        var p = Prefix("sb");
        try
        {
            // The platform's roles may already exist (other tests create them too): create them only when missing, never drop them.
            await server.ExecuteAsync("postgres", $"""
                DO $$ BEGIN CREATE ROLE anon NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
                DO $$ BEGIN CREATE ROLE authenticated NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
                DO $$ BEGIN CREATE ROLE pgsodium_keyiduser NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
                CREATE ROLE {p}_api LOGIN PASSWORD '{Password}';
                GRANT authenticated TO {p}_api;
                GRANT {p}_api TO anon;
                """);

            var result = await PgSnapCli.Default.RunCheckedAsync(
                ["roles", "--url", server.UrlFor("postgres"), "--profile", "supabase", "--role", "anon", "--role", "authenticated", "--role", "pgsodium_*", "--role", p + "*"]);

            var text = result.StdOutText;
            output.WriteLine(text);
            Assert.Contains("-- ALTER ROLE \"anon\" WITH", text, StringComparison.Ordinal);
            Assert.Contains("--         CREATE ROLE \"authenticated\";", text, StringComparison.Ordinal);
            Assert.Contains("-- ALTER ROLE \"pgsodium_keyiduser\" WITH", text, StringComparison.Ordinal);
            Assert.Contains($"\nALTER ROLE \"{p}_api\" WITH INHERIT NOCREATEROLE NOCREATEDB LOGIN CONNECTION LIMIT -1;", text, StringComparison.Ordinal);
            Assert.Contains($"\nGRANT \"authenticated\" TO \"{p}_api\"", text, StringComparison.Ordinal);
            Assert.Contains($"\n-- GRANT \"{p}_api\" TO \"anon\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.Contains("3 reserved, commented out", result.StdErr, StringComparison.Ordinal);

            // The file runs as it is, and over the existing roles it changes nothing.
            var psql = await ProcessRunner.RunAsync(PostgresBinaries.Tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres"], server.ToolEnvironment(), stdin: text);
            Assert.True(psql.ExitCode == 0, psql.StdErr);
        }
        finally
        {
            await DropRolesAsync(server, p);
        }
    }

    [Fact]
    public async Task Dump_with_roles_puts_the_roles_first_in_pre_data_and_the_archive_verifies_and_lists_them()
    {
        var server = await TestServer.GetAsync();
        var p = Prefix("dr");
        var db = await server.CreateDatabaseAsync("roles_dump");
        var folder = Directory.CreateTempSubdirectory("pgsnap-roles-dump-").FullName;
        try
        {
            await server.ExecuteAsync(db, $"""
                CREATE ROLE {p}_owner LOGIN PASSWORD '{Password}';
                CREATE TABLE public.clients (id int PRIMARY KEY, name text);
                ALTER TABLE public.clients OWNER TO {p}_owner;
                INSERT INTO public.clients SELECT g, 'c' || g FROM generate_series(1, 10) g;
                """);
            var file = Path.Combine(folder, "with-roles.sql.gz");

            await PgSnapCli.Default.RunCheckedAsync(["dump", "--url", server.UrlFor(db), "-f", file, "--roles", "--quiet"]);

            var list = await PgSnapCli.Default.RunCheckedAsync(["list", file]);
            output.WriteLine(list.StdOutText);
            var lines = list.StdOutText.Split('\n');
            var firstPreData = Array.FindIndex(lines, static l => l.Contains("pre-data", StringComparison.Ordinal));
            Assert.Contains(" ROLE ", lines[firstPreData], StringComparison.Ordinal);
            Assert.Contains(lines, l => l.Contains(" ROLE ", StringComparison.Ordinal) && l.Contains($"{p}_owner", StringComparison.Ordinal));
            await PgSnapCli.Default.RunCheckedAsync(["verify", file]);

            var sql = await GunzipAsync(file);
            Assert.DoesNotContain(Password, sql, StringComparison.Ordinal);
            Assert.True(sql.IndexOf($"CREATE ROLE \"{p}_owner\"", StringComparison.Ordinal) < sql.IndexOf("CREATE TABLE", StringComparison.Ordinal));
        }
        finally
        {
            await server.DropDatabaseAsync(db);
            await DropRolesAsync(server, p);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Prefix(string kind) => $"pgsnap_{kind}_{Guid.NewGuid():N}"[..22];

    /// <summary>
    /// Four roles covering every attribute that can be written, settings (one a quoted list, one per database),
    /// comments with quotes, a name that needs quoting, and grants with ADMIN and GRANTED BY.
    /// </summary>
    private static Task CreateRolesAsync(TestServer server, string p, string db) => server.ExecuteAsync("postgres", $""""
        CREATE ROLE {p}_app LOGIN NOINHERIT CREATEDB CONNECTION LIMIT 7 VALID UNTIL '2031-01-02 03:04:05+00' PASSWORD '{Password}';
        CREATE ROLE {p}_grp NOLOGIN;
        CREATE ROLE {p}_adm CREATEROLE BYPASSRLS REPLICATION;
        CREATE ROLE "{p} Odd ""Role""" LOGIN;
        COMMENT ON ROLE {p}_grp IS 'group of "apps", it''s $pgsnap$ here';
        ALTER ROLE {p}_app SET search_path = "$user", public, "My Schema";
        ALTER ROLE {p}_app SET statement_timeout = '5s';
        ALTER ROLE {p}_app IN DATABASE {db} SET work_mem = '8MB';
        ALTER ROLE "{p} Odd ""Role""" SET application_name = 'it''s odd';
        GRANT {p}_grp TO {p}_adm WITH ADMIN OPTION;
        GRANT {p}_grp TO {p}_app GRANTED BY {p}_adm;
        GRANT {p}_app TO "{p} Odd ""Role""";
        """");

    private static Task<string?> SnapshotAsync(TestServer server, string p) => server.ScalarAsync<string>("postgres", $"""
        SELECT (SELECT string_agg(format('%s super=%s inherit=%s createrole=%s createdb=%s login=%s repl=%s bypass=%s limit=%s until=%s config=%s comment=%s',
                    r.rolname, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin, r.rolreplication,
                    r.rolbypassrls, r.rolconnlimit, r.rolvaliduntil, r.rolconfig, pg_catalog.shobj_description(r.oid, 'pg_authid')), E'\n' ORDER BY r.rolname)
                FROM pg_roles r WHERE r.rolname LIKE '{p}%')
            || E'\n' || (SELECT string_agg(format('%s > %s by %s admin=%s', ro.rolname, me.rolname, g.rolname, m.admin_option), E'\n' ORDER BY ro.rolname, me.rolname)
                FROM pg_auth_members m JOIN pg_roles ro ON ro.oid = m.roleid JOIN pg_roles me ON me.oid = m.member
                LEFT JOIN pg_roles g ON g.oid = m.grantor WHERE me.rolname LIKE '{p}%')
            || E'\n' || (SELECT string_agg(format('%s in %s: %s', r.rolname, d.datname, s.setconfig), E'\n' ORDER BY r.rolname, d.datname)
                FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole LEFT JOIN pg_database d ON d.oid = s.setdatabase
                WHERE r.rolname LIKE '{p}%')
        """);

    private static Task DropRolesAsync(TestServer server, string p) => server.ExecuteAsync("postgres", $"""
        DO $$
        DECLARE r text;
        BEGIN
            FOR r IN SELECT rolname FROM pg_roles WHERE rolname LIKE '{p}%' LOOP
                EXECUTE format('DROP OWNED BY %I CASCADE', r);
                EXECUTE format('DROP ROLE %I', r);
            END LOOP;
        END $$;
        """);

    private static async Task<string> GunzipAsync(string path)
    {
        await using var file = File.OpenRead(path);
        await using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return await reader.ReadToEndAsync();
    }
}
