using PgSnap.Connection;
using PgSnap.Drill;
using PgSnap.Dump;
using PgSnap.Restore;
using PgSnap.Restore.Backup;
using PgSnap.Retention;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Guards;
using PgSnap.Tests.Infrastructure;
using PgSnap.Verbs;
using PgSnap.Verify;
using Xunit;

namespace PgSnap.Tests.Library;

/// <summary>
/// A library user calls one engine entry per verb (src/PgSnap/Verbs) and gets every step the binary takes: the
/// safety backup, the preflight and the refusals, with the same messages (the CLI prints "pgsnap: error: " + the
/// exception's message). No CLI process runs here except where the same case is run both ways to compare.
/// </summary>
public sealed class EngineEntryTests
{
    [Fact]
    public async Task Restore_verb_with_clean_over_user_objects_takes_a_verified_safety_backup_first()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("lib_safety_src");
        var target = await server.CreateDatabaseAsync("lib_safety_tgt");
        var folder = GuardsKit.TempFolder("pgsnap-lib-safety-");
        try
        {
            await server.ExecuteAsync(source, "CREATE TABLE public.clients (id int PRIMARY KEY, name text); INSERT INTO public.clients SELECT g, 'new ' || g FROM generate_series(1, 5) g;");
            await server.ExecuteAsync(target, "CREATE TABLE public.only_in_target (v text); INSERT INTO public.only_in_target VALUES ('precious');");
            var archive = Path.Combine(folder, "src.sql.gz");
            await GuardsKit.DumpAsync(server, source, archive);
            SafetyBackupOutcome? reported = null;

            var summary = await RestoreVerb.RunAsync(
                new RestoreRequest
                {
                    Input = archive,
                    Target = GuardsKit.Spec(server, target),
                    Options = new RestoreOptions { Clean = true },
                    BackupEnv = "lib",
                    SafetyBackupReport = o => reported = o,
                },
                CancellationToken.None);

            Assert.Equal(5L, summary.Rows);
            var backup = Assert.Single(Directory.GetFiles(folder, "backup_lib_*_pre-restore.sql.gz"));
            Assert.NotNull(reported);
            Assert.Equal(SafetyBackupStatus.Taken, reported.Status);
            Assert.Equal(backup, reported.Path);
            var verified = await VerifyVerb.RunAsync(
                new VerifyRequest { Input = backup, Options = new VerifyOptions { RequiredTables = ["public.only_in_target"], RequireRows = true } },
                CancellationToken.None);
            Assert.True(verified.Ok, string.Join("; ", verified.Problems.Select(static p => p.Message)));
        }
        finally
        {
            await server.DropDatabaseAsync(source);
            await server.DropDatabaseAsync(target);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Restore_verb_refuses_a_target_that_holds_user_objects_with_the_clis_message()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("lib_refuse_src");
        var target = await server.CreateDatabaseAsync("lib_refuse_tgt");
        var folder = GuardsKit.TempFolder("pgsnap-lib-refuse-");
        try
        {
            await server.ExecuteAsync(source, "CREATE TABLE public.a (id int);");
            await server.ExecuteAsync(target, "CREATE TABLE public.already_here (id int);");
            var archive = Path.Combine(folder, "src.sql");
            await GuardsKit.DumpAsync(server, source, archive);

            var refused = await Assert.ThrowsAsync<PgSnapException>(() => RestoreVerb.RunAsync(
                new RestoreRequest { Input = archive, Target = GuardsKit.Spec(server, target) }, CancellationToken.None));
            var cli = await PgSnapCli.Default.RunAsync(["restore", archive, "--url", server.UrlFor(target)]);

            Assert.Equal(PgSnapErrorKind.Refused, refused.Kind);
            Assert.Contains("already_here", refused.Message, StringComparison.Ordinal);
            Assert.Equal(6, cli.ExitCode);
            Assert.Contains("pgsnap: error: " + refused.Message, cli.StdErr, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(folder, "backup_*"));
        }
        finally
        {
            await server.DropDatabaseAsync(source);
            await server.DropDatabaseAsync(target);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Dump_verb_runs_the_preflight_and_refuses_a_role_under_row_level_security_as_the_cli_does()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("lib_rls");
        var role = $"lib_rls_{Environment.ProcessId}_{Guid.NewGuid():N}"[..30];
        var folder = GuardsKit.TempFolder("pgsnap-lib-rls-");
        try
        {
            await server.ExecuteAsync(db, $"""
                CREATE ROLE {role} LOGIN PASSWORD 'lib-rls-pass';
                CREATE TABLE public.tenants_data (id int, tenant text);
                ALTER TABLE public.tenants_data ENABLE ROW LEVEL SECURITY;
                CREATE POLICY only_mine ON public.tenants_data FOR SELECT USING (tenant = 'mine');
                GRANT SELECT ON public.tenants_data TO {role};
                """);
            var url = $"postgresql://{role}:lib-rls-pass@{server.Host}:{server.Port}/{db}?sslmode=disable";
            var file = Path.Combine(folder, "refused.sql");
            var report = new List<string>();

            var refused = await Assert.ThrowsAsync<PgSnapException>(() => DumpVerb.RunAsync(
                new DumpRequest { Source = ConnectionStringParser.Parse(url), Output = DumpOutput.ToFile(file, null, force: false), PreflightReport = report.Add },
                progress: null,
                CancellationToken.None));
            GuardsKit.AssertNoFiles(folder);
            var cli = await PgSnapCli.Default.RunAsync(["dump", "--url", url, "-f", file]);

            Assert.Equal(PgSnapErrorKind.Refused, refused.Kind);
            Assert.Contains(report, l => l.Contains($"role {role} is subject to row-level security on 1 table(s)", StringComparison.Ordinal));
            Assert.Equal(6, cli.ExitCode);
            Assert.Contains("pgsnap: error: " + refused.Message, cli.StdErr, StringComparison.Ordinal);
            foreach (var line in report)
            {
                Assert.Contains("pgsnap: preflight: " + line, cli.StdErr, StringComparison.Ordinal);
            }

            GuardsKit.AssertNoFiles(folder);
        }
        finally
        {
            await server.DropDatabaseAsync(db);
            await server.ExecuteAsync("postgres", $"DROP ROLE IF EXISTS {role}");
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    [Trait(TestTier.Name, TestTier.Fast)]
    public async Task Dump_verb_refuses_option_combinations_before_connecting()
    {
        var spec = ConnectionStringParser.Parse("postgresql://nobody@127.0.0.1:1/none");
        var output = DumpOutput.ToStream(Stream.Null, null);

        var ifExists = await Assert.ThrowsAsync<PgSnapException>(() => DumpVerb.RunAsync(
            new DumpRequest { Source = spec, Output = output, Options = new DumpOptions { IfExists = true } }, null, CancellationToken.None));
        var pooler = await Assert.ThrowsAsync<PgSnapException>(() => DumpVerb.RunAsync(
            new DumpRequest { Source = spec with { Port = 6543 }, Output = output, Options = new DumpOptions { Jobs = 2 } }, null, CancellationToken.None));

        Assert.Equal((PgSnapErrorKind.Usage, "option --if-exists requires option -c/--clean"), (ifExists.Kind, ifExists.Message));
        Assert.Equal(PgSnapErrorKind.Usage, pooler.Kind);
        Assert.StartsWith("-j 2 needs one snapshot shared by several sessions", pooler.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(TestTier.Name, TestTier.Fast)]
    public async Task Restore_verb_refuses_contradictory_options_before_any_safety_backup_or_connection()
    {
        var refused = await Assert.ThrowsAsync<PgSnapException>(() => RestoreVerb.RunAsync(
            new RestoreRequest
            {
                Input = "does-not-matter.sql",
                Target = ConnectionStringParser.Parse("postgresql://nobody@127.0.0.1:1/none"),
                Options = new RestoreOptions { Clean = true, Jobs = 2, SingleTransaction = true },
            },
            CancellationToken.None));

        Assert.Equal((PgSnapErrorKind.Usage, "-j and --single-transaction cannot be used together"), (refused.Kind, refused.Message));
    }

    [Fact]
    [Trait(TestTier.Name, TestTier.Fast)]
    public async Task Prune_verb_refuses_a_negative_keep_count_and_touches_nothing()
    {
        var folder = Directory.CreateTempSubdirectory("pgsnap-lib-prune-").FullName;
        try
        {
            var old = Path.Combine(folder, "backup_prod_20200101_000000.sql");
            await File.WriteAllTextAsync(old, "-- not a real backup\n");

            var refused = await Assert.ThrowsAsync<PgSnapException>(() => PruneVerb.RunAsync(
                new PruneRequest { Directory = folder, Options = new RetentionOptions { KeepLast = 1, KeepDaily = -1 } }, CancellationToken.None));

            Assert.Equal((PgSnapErrorKind.Usage, "--keep-daily must be 0 or more"), (refused.Kind, refused.Message));
            Assert.True(File.Exists(old));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Verify_list_drill_and_roles_verbs_each_do_their_whole_job_in_one_call()
    {
        var server = await TestServer.GetAsync();
        var source = await GuardsKit.CreateSourceAsync(server, "lib_verbs_src");
        var folder = GuardsKit.TempFolder("pgsnap-lib-verbs-");
        try
        {
            var archive = Path.Combine(folder, "backup_lib_20261207_050000.sql.gz");
            await GuardsKit.DumpAsync(server, source, archive);
            var spec = GuardsKit.Spec(server, source);

            var verified = await VerifyVerb.RunAsync(new VerifyRequest { Input = archive, Against = spec }, CancellationToken.None);
            Assert.True(verified.Ok, string.Join("; ", verified.Problems.Select(static p => p.Message)));
            Assert.NotNull(verified.Against);
            Assert.Empty(verified.Against.Differences);

            var drill = await DrillVerb.RunAsync(new DrillOptions { ArchivePath = archive, ScratchServer = GuardsKit.Spec(server, "postgres"), IgnoreOwners = true }, CancellationToken.None);
            Assert.True(drill.Passed, string.Join("; ", drill.Errors));
            Assert.True(File.Exists(DrillReport.PathFor(archive)));

            var toc = await ListVerb.RunAsync(new ListRequest { Input = archive }, CancellationToken.None);
            Assert.True(toc.FromManifest);
            Assert.Contains(toc.Entries, static e => e.Name == "agent_calls" && e.Rows == 500);
            Assert.NotNull(toc.Drill);

            using var roles = new MemoryStream();
            var written = await RolesVerb.RunAsync(new RolesRequest { Source = spec, Output = roles }, CancellationToken.None);
            Assert.True(written.Roles > 0);
            Assert.Contains("CREATE ROLE", System.Text.Encoding.UTF8.GetString(roles.ToArray()), StringComparison.Ordinal);
        }
        finally
        {
            await server.DropDatabaseAsync(source);
            Directory.Delete(folder, recursive: true);
        }
    }
}
