using PgSnap.Archive.Compression;
using PgSnap.Catalog;
using PgSnap.Drill;
using PgSnap.Dump;
using PgSnap.Restore;
using PgSnap.Restore.Backup;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Guards;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Restore;

/// <summary>
/// What restore does with a target that already holds things: --clean over the archive's own objects (identity
/// columns included) and around objects it does not hold, data-only archives into a schema with empty tables, and
/// the one definition of "not empty" shared by the refusal, --clean, the safety backup and drill.
/// </summary>
public sealed class RestoreTargetTests(ITestOutputHelper output)
{
    private const string Schema = """
        CREATE TABLE public.clients (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
        CREATE TABLE public.orders (id serial PRIMARY KEY, client_id bigint NOT NULL REFERENCES public.clients (id), total numeric);
        """;

    private const string Data = """
        INSERT INTO public.clients (name) SELECT 'client ' || g FROM generate_series(1, 3) g;
        INSERT INTO public.orders (client_id, total) SELECT 1 + g % 3, g FROM generate_series(1, 10) g;
        """;

    [Fact]
    public async Task Restore_clean_of_a_gzip_archive_over_its_own_restore_with_identity_columns_succeeds_and_names_what_it_left_in_place()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("rt_clean_src");
        await server.ExecuteAsync(source, Schema + Data);
        var folder = GuardsKit.TempFolder("pgsnap-rt-clean-");
        var archive = Path.Combine(folder, "backup.sql.gz");
        await GuardsKit.DumpAsync(server, source, archive, CompressionSpec.Gzip);
        var target = await server.CreateDatabaseAsync("rt_clean_tgt");
        await PgSnapCli.Default.RunCheckedAsync(["restore", archive, "--url", server.UrlFor(target), "--quiet"]);
        await server.ExecuteAsync(target, "INSERT INTO public.clients (name) VALUES ('after the backup'); CREATE TABLE public.audit (v text); INSERT INTO public.audit VALUES ('kept')");

        var result = await PgSnapCli.Default.RunAsync(["restore", archive, "--url", server.UrlFor(target), "--clean", "--no-safety-backup"]);

        output.WriteLine(result.StdErr);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("left in place (1, not in the archive): table public.audit", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(3L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.clients"));
        Assert.Equal("kept", await server.ScalarAsync<string>(target, "SELECT v FROM public.audit"));
        Assert.Equal(4L, await server.ScalarAsync<long>(target, "SELECT nextval('public.clients_id_seq')"));
    }

    [Fact]
    public async Task Restore_clean_that_would_cascade_into_an_object_the_archive_does_not_hold_refuses_and_changes_nothing()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("rt_guard_src");
        await server.ExecuteAsync(source, Schema + Data);
        var archive = RestoreFixture.TempFile("guard.sql");
        await GuardsKit.DumpAsync(server, source, archive);
        var target = await server.CreateDatabaseAsync("rt_guard_tgt");
        await RestoreFixture.RestoreAsync(archive, target);
        await server.ExecuteAsync(target, """
            CREATE VIEW public.big_clients AS SELECT id, name FROM public.clients WHERE id > 1;
            CREATE TABLE public.invoices (id int PRIMARY KEY, client_id bigint REFERENCES public.clients (id));
            DELETE FROM public.orders WHERE id > 5;
            """);
        var before = await RestoreFixture.SchemaAsync(target) + await RestoreFixture.ContentAsync(target);

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(archive, target, new RestoreOptions { Clean = true }));

        output.WriteLine(ex.Message);
        Assert.Equal(PgSnapErrorKind.Refused, ex.Kind);
        Assert.Contains("view public.big_clients", ex.Message, StringComparison.Ordinal);
        Assert.Contains("constraint invoices_client_id_fkey on table public.invoices", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await RestoreFixture.SchemaAsync(target) + await RestoreFixture.ContentAsync(target));
    }

    [Fact]
    public async Task Data_only_archive_fills_empty_tables_without_force_refuses_tables_with_rows_and_appends_with_force()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("rt_data_src");
        await server.ExecuteAsync(source, Schema + Data);
        var dataOnly = RestoreFixture.TempFile("data-only.sql.gz");
        var job = new DumpJob(GuardsKit.Spec(server, source), new DumpOptions { DataOnly = true }, DumpOutput.ToFile(dataOnly, CompressionSpec.Gzip, force: false), DumpPlanner.PlanAsync);
        await job.RunAsync(CancellationToken.None);
        var target = await server.CreateDatabaseAsync("rt_data_tgt");
        await server.ExecuteAsync(target, Schema);

        var first = await PgSnapCli.Default.RunAsync(["restore", dataOnly, "--url", server.UrlFor(target)]);
        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.DoesNotContain("safety backup", first.StdErr, StringComparison.Ordinal);
        Assert.Equal(10L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.orders"));

        var again = await PgSnapCli.Default.RunAsync(["restore", dataOnly, "--url", server.UrlFor(target)]);
        output.WriteLine(again.StdErr);
        Assert.Equal(6, again.ExitCode);
        Assert.Contains("2 of the tables it fills already hold rows", again.StdErr, StringComparison.Ordinal);
        Assert.Contains("public.orders", again.StdErr, StringComparison.Ordinal);

        await server.ExecuteAsync(target, "DELETE FROM public.orders; DELETE FROM public.clients; INSERT INTO public.clients (id, name) OVERRIDING SYSTEM VALUE VALUES (100, 'local')");
        var refused = await PgSnapCli.Default.RunAsync(["restore", dataOnly, "--url", server.UrlFor(target)]);
        Assert.Equal(6, refused.ExitCode);
        Assert.Contains("1 of the tables it fills already hold rows: public.clients", refused.StdErr, StringComparison.Ordinal);

        var forced = await PgSnapCli.Default.RunAsync(["restore", dataOnly, "--url", server.UrlFor(target), "--force", "--no-safety-backup"]);
        Assert.True(forced.ExitCode == 0, forced.StdErr);
        Assert.Equal(4L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.clients"));

        var bare = await server.CreateDatabaseAsync("rt_data_bare");
        await server.ExecuteAsync(bare, "CREATE TABLE public.clients (id bigint PRIMARY KEY, name text)");
        var missing = await PgSnapCli.Default.RunAsync(["restore", dataOnly, "--url", server.UrlFor(bare)]);
        output.WriteLine(missing.StdErr);
        Assert.Equal(6, missing.ExitCode);
        Assert.Contains("fills 1 table(s) the target lacks: public.orders", missing.StdErr, StringComparison.Ordinal);
        Assert.Equal(0L, await server.ScalarAsync<long>(bare, "SELECT count(*) FROM public.clients"));
    }

    [Fact]
    public async Task A_database_holding_only_a_large_object_is_not_empty_for_the_refusal_clean_the_safety_backup_and_drill()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("rt_lo_src");
        await server.ExecuteAsync(source, Schema + Data);
        var archive = RestoreFixture.TempFile("lo.sql");
        await GuardsKit.DumpAsync(server, source, archive);
        var target = await server.CreateDatabaseAsync("rt_lo_tgt");
        var lo = await server.ScalarAsync<uint>(target, "SELECT lo_from_bytea(0, '\\x6b657074')");

        var refusal = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(archive, target));
        Assert.Equal(PgSnapErrorKind.Refused, refusal.Kind);
        Assert.Contains($"large object {lo}", refusal.Message, StringComparison.Ordinal);

        var folder = GuardsKit.TempFolder("pgsnap-rt-lo-");
        var safety = await SafetyBackup.Default.TakeAsync(new SafetyBackupRequest { Target = GuardsKit.Spec(server, target), Destructive = true, BackupDirectory = folder, Env = "test" }, CancellationToken.None);
        Assert.Equal(SafetyBackupStatus.Taken, safety.Status);

        var drill = await Assert.ThrowsAsync<PgSnapException>(() => ScratchDatabase.UseExistingAsync(GuardsKit.Spec(server, target), CancellationToken.None));
        Assert.Equal(PgSnapErrorKind.Refused, drill.Kind);

        var cleaned = await RestoreFixture.RestoreAsync(archive, target, new RestoreOptions { Clean = true });
        Assert.Equal([$"large object {lo}"], cleaned.LeftInPlace);
        Assert.Equal("kept", await server.ScalarAsync<string>(target, $"SELECT convert_from(lo_get({lo}), 'UTF8')"));
    }
}
