using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Guards;

/// <summary>
/// The guard rails as `pgsnap dump` and `pgsnap restore` apply them: preflight before a dump, the safety backup
/// before a destructive restore. Real binary, real server.
/// </summary>
public sealed class GuardsCliTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Dump_into_a_tiny_tmpfs_is_refused_by_preflight_with_exit_6_and_leaves_no_file()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("cli_pf_space");
        await server.ExecuteAsync(db, "CREATE TABLE big AS SELECT g AS id, repeat(md5(g::text), 2) AS payload FROM generate_series(1, 60000) g");
        await using var tmpfs = await TinyFileSystem.TryMountAsync("size=1m");
        Assert.True(tmpfs is not null, "this test needs mount -t tmpfs (root); the injected-figure variant is in PreflightTests");

        var result = await PgSnapCli.Default.RunAsync(["dump", "--url", server.UrlFor(db), "--output-dir", tmpfs!.Path, "--env", "test", "-Z", "none"]);

        output.WriteLine(result.StdErr);
        Assert.Equal(6, result.ExitCode);
        Assert.Contains("clearly cannot fit", result.StdErr, StringComparison.Ordinal);
        GuardsKit.AssertNoFiles(tmpfs.Path);

        // --force lets the user try anyway (here it then runs out of space, and still leaves no complete-looking file).
        var forced = await PgSnapCli.Default.RunAsync(["dump", "--url", server.UrlFor(db), "--output-dir", tmpfs.Path, "--env", "test", "-Z", "none", "--force"]);
        Assert.Contains("going on because of --force", forced.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(tmpfs.Path), f => f.EndsWith(".sql", StringComparison.Ordinal));
        await server.DropDatabaseAsync(db);
    }

    [Fact]
    public async Task Dump_as_a_role_that_cannot_read_a_table_prints_the_grant_and_writes_nothing()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("cli_pf_grant");
        var role = $"cli_pf_{Environment.ProcessId}_{Guid.NewGuid():N}"[..30];
        try
        {
            await server.ExecuteAsync(db, $"""
                CREATE ROLE {role} LOGIN PASSWORD 'pf-pass';
                CREATE SCHEMA auth;
                CREATE TABLE auth.audit_log_entries (id int);
                GRANT USAGE ON SCHEMA auth TO {role};
                CREATE TABLE public.readable (id int);
                GRANT SELECT ON public.readable TO {role};
                """);
            var folder = GuardsKit.TempFolder("pgsnap-cli-pf-");
            var url = $"postgresql://{role}:pf-pass@{server.Host}:{server.Port}/{db}?sslmode=disable";

            var result = await PgSnapCli.Default.RunAsync(["dump", "--url", url, "-f", Path.Combine(folder, "x.sql.gz")]);

            Assert.Equal(6, result.ExitCode);
            Assert.Contains($"fix: GRANT SELECT ON TABLE auth.audit_log_entries TO {role};", result.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("pf-pass", result.StdErr, StringComparison.Ordinal);
            GuardsKit.AssertNoFiles(folder);
        }
        finally
        {
            await server.DropDatabaseAsync(db);
            await server.ExecuteAsync("postgres", $"DROP ROLE IF EXISTS {role}");
        }
    }

    [Fact]
    public async Task Restore_clean_first_takes_a_verified_safety_backup_that_holds_the_state_before_the_restore()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("cli_safety_src");
        await server.ExecuteAsync(source, "CREATE TABLE public.clients (id int PRIMARY KEY, name text); INSERT INTO public.clients SELECT g, 'new ' || g FROM generate_series(1, 5) g;");
        var target = await GuardsKit.CreateSourceAsync(server, "cli_safety_tgt");
        // The archive replaces public.clients; a foreign key into it from a table the archive does not hold would make
        // --clean refuse (it never cascades into what it leaves in place), so this target has none.
        await server.ExecuteAsync(target, "ALTER TABLE app.agent_calls DROP CONSTRAINT agent_calls_client_id_fkey; CREATE TABLE public.only_in_target (v text); INSERT INTO public.only_in_target VALUES ('precious');");
        var before = await GuardsKit.FingerprintAsync(server, target, "public.clients");
        var folder = GuardsKit.TempFolder("pgsnap-cli-safety-");
        var archive = Path.Combine(folder, "backup_src_20261125_210000_new.sql.gz");
        await GuardsKit.DumpAsync(server, source, archive);

        var result = await PgSnapCli.Default.RunAsync(["restore", archive, "--url", server.UrlFor(target), "--clean", "--env", "staging"]);

        output.WriteLine(result.StdErr);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var backup = Assert.Single(Directory.GetFiles(folder, "backup_staging_*_pre-restore.sql.gz"));
        Assert.Contains("written and verified: " + backup, result.StdErr, StringComparison.Ordinal);
        Assert.Equal(5L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.clients"));

        // The safety backup verifies, and restores the target as it was before the restore changed it.
        await PgSnap.Restore.Backup.SafetyBackup.VerifyEngineVerifier(backup, CancellationToken.None);
        var rollback = await server.CreateDatabaseAsync("cli_safety_rollback");
        await PgSnapCli.Default.RunCheckedAsync(["restore", backup, "--url", server.UrlFor(rollback)]);
        Assert.Equal(before, await GuardsKit.FingerprintAsync(server, rollback, "public.clients"));
        Assert.Equal("precious", await server.ScalarAsync<string>(rollback, "SELECT v FROM public.only_in_target"));
        Assert.Equal(500L, await server.ScalarAsync<long>(rollback, "SELECT count(*) FROM app.agent_calls"));

        foreach (var db in new[] { source, target, rollback })
        {
            await server.DropDatabaseAsync(db);
        }
    }

    [Fact]
    public async Task Restore_force_with_no_safety_backup_warns_on_stderr_and_writes_no_backup()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("cli_nosafety_src");
        await server.ExecuteAsync(source, "CREATE TABLE public.other (id int);");
        var target = await GuardsKit.CreateSourceAsync(server, "cli_nosafety_tgt");
        var folder = GuardsKit.TempFolder("pgsnap-cli-nosafety-");
        var archive = Path.Combine(folder, "backup_src_20261125_210000_x.sql.gz");
        await GuardsKit.DumpAsync(server, source, archive);

        var result = await PgSnapCli.Default.RunAsync(["restore", archive, "--url", server.UrlFor(target), "--force", "--no-safety-backup"]);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("pgsnap: warning: --no-safety-backup", result.StdErr, StringComparison.Ordinal);
        Assert.Equal([archive], Directory.GetFiles(folder));
        await server.DropDatabaseAsync(source);
        await server.DropDatabaseAsync(target);
    }

    [Fact]
    public async Task Restore_clean_changes_nothing_when_the_safety_backup_cannot_be_written()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("cli_safety_fail_src");
        await server.ExecuteAsync(source, "CREATE TABLE public.clients (id int PRIMARY KEY, name text);");
        var target = await GuardsKit.CreateSourceAsync(server, "cli_safety_fail_tgt");
        var before = await GuardsKit.FingerprintAsync(server, target, "public.clients");
        var folder = GuardsKit.TempFolder("pgsnap-cli-safety-fail-");
        var archive = Path.Combine(folder, "backup_src_20261125_210000_x.sql.gz");
        await GuardsKit.DumpAsync(server, source, archive);
        await using var readOnly = await TinyFileSystem.TryMountAsync("ro,size=64k");
        Assert.True(readOnly is not null, "this test needs mount -t tmpfs (root)");

        var result = await PgSnapCli.Default.RunAsync(["restore", archive, "--url", server.UrlFor(target), "--clean", "--backup-dir", readOnly!.Path]);

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("nothing was restored", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, await GuardsKit.FingerprintAsync(server, target, "public.clients"));
        Assert.Equal(500L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM app.agent_calls"));
        await server.DropDatabaseAsync(source);
        await server.DropDatabaseAsync(target);
    }
}
