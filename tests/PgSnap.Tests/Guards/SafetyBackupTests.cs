using System.Text.RegularExpressions;
using PgSnap.Catalog;
using PgSnap.Restore.Backup;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Guards;

/// <summary>The safety backup before a destructive restore, with the real dump engine and server.</summary>
public sealed class SafetyBackupTests
{
    private static SafetyBackup RealSafetyBackup() => SafetyBackup.Default;

    [Fact]
    public async Task Safety_backup_of_a_database_with_user_objects_is_named_verified_and_restores_its_current_state()
    {
        var server = await TestServer.GetAsync();
        var target = await GuardsKit.CreateSourceAsync(server, "safety_full");
        var folder = GuardsKit.TempFolder("pgsnap-safety-");

        var outcome = await RealSafetyBackup().TakeAsync(
            new SafetyBackupRequest { Target = GuardsKit.Spec(server, target), Destructive = true, BackupDirectory = folder, Env = "staging" },
            CancellationToken.None);

        Assert.Equal(SafetyBackupStatus.Taken, outcome.Status);
        Assert.True(outcome.UserObjects > 0);
        var name = Path.GetFileName(outcome.Path!);
        Assert.Matches(new Regex(@"^backup_staging_[0-9]{8}_[0-9]{6}_pre-restore\.sql\.gz$"), name);
        Assert.Equal([outcome.Path!], Directory.GetFiles(folder));
        await SafetyBackup.VerifyEngineVerifier(outcome.Path!, CancellationToken.None);

        var copy = await server.CreateDatabaseAsync("safety_copy");
        await GuardsKit.EngineRestorer(outcome.Path!, GuardsKit.Spec(server, copy), CancellationToken.None);
        foreach (var table in new[] { "public.clients", "app.agent_calls" })
        {
            Assert.Equal(await GuardsKit.FingerprintAsync(server, target, table), await GuardsKit.FingerprintAsync(server, copy, table));
        }

        await server.DropDatabaseAsync(copy);
        await server.DropDatabaseAsync(target);
    }

    [Fact]
    public async Task No_safety_backup_is_taken_for_an_empty_target_or_a_restore_that_is_not_destructive()
    {
        var server = await TestServer.GetAsync();
        var empty = await server.CreateDatabaseAsync("safety_empty");
        var full = await GuardsKit.CreateSourceAsync(server, "safety_nondestructive");
        var folder = GuardsKit.TempFolder("pgsnap-safety-");

        var onEmpty = await RealSafetyBackup().TakeAsync(
            new SafetyBackupRequest { Target = GuardsKit.Spec(server, empty), Destructive = true, BackupDirectory = folder }, CancellationToken.None);
        var notDestructive = await RealSafetyBackup().TakeAsync(
            new SafetyBackupRequest { Target = GuardsKit.Spec(server, full), Destructive = false, BackupDirectory = folder }, CancellationToken.None);

        Assert.Equal(SafetyBackupStatus.EmptyTarget, onEmpty.Status);
        Assert.Equal(0, onEmpty.UserObjects);
        Assert.Equal(SafetyBackupStatus.NotNeeded, notDestructive.Status);
        GuardsKit.AssertNoFiles(folder);
        await server.DropDatabaseAsync(empty);
        await server.DropDatabaseAsync(full);
    }

    [Fact]
    public async Task No_safety_backup_flag_skips_it_with_a_warning_that_counts_what_is_at_risk()
    {
        var server = await TestServer.GetAsync();
        var target = await GuardsKit.CreateSourceAsync(server, "safety_skip");
        var folder = GuardsKit.TempFolder("pgsnap-safety-");

        var outcome = await RealSafetyBackup().TakeAsync(
            new SafetyBackupRequest { Target = GuardsKit.Spec(server, target), Destructive = true, Skip = true, BackupDirectory = folder }, CancellationToken.None);

        Assert.Equal(SafetyBackupStatus.Skipped, outcome.Status);
        Assert.Contains("without a backup", outcome.Message, StringComparison.Ordinal);
        Assert.Contains($"{outcome.UserObjects} user object(s)", outcome.Message, StringComparison.Ordinal);
        GuardsKit.AssertNoFiles(folder);
        await server.DropDatabaseAsync(target);
    }

    [Fact]
    public async Task Restoring_from_stdin_over_user_objects_without_a_backup_folder_is_refused()
    {
        var server = await TestServer.GetAsync();
        var target = await GuardsKit.CreateSourceAsync(server, "safety_stdin");

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RealSafetyBackup().TakeAsync(
            new SafetyBackupRequest { Target = GuardsKit.Spec(server, target), Destructive = true, BackupDirectory = null }, CancellationToken.None));

        Assert.Equal(PgSnapErrorKind.Usage, ex.Kind);
        Assert.Contains("--backup-dir", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was restored", ex.Message, StringComparison.Ordinal);
        await server.DropDatabaseAsync(target);
    }

    [Fact]
    public async Task A_safety_backup_that_cannot_fit_is_refused_before_any_file_is_written()
    {
        var server = await TestServer.GetAsync();
        var target = await GuardsKit.CreateSourceAsync(server, "safety_full_disk");
        await server.ExecuteAsync(target, "INSERT INTO app.agent_calls SELECT g, 1, repeat(md5(g::text), 20) FROM generate_series(1000, 20000) g");
        var folder = GuardsKit.TempFolder("pgsnap-safety-");
        var dumped = false;
        var safety = new SafetyBackup((_, _, _) => { dumped = true; return Task.CompletedTask; }, SafetyBackup.VerifyEngineVerifier) { FreeSpace = new FixedFreeSpace(4096) };

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => safety.TakeAsync(
            new SafetyBackupRequest { Target = GuardsKit.Spec(server, target), Destructive = true, BackupDirectory = folder }, CancellationToken.None));

        Assert.Equal(PgSnapErrorKind.Refused, ex.Kind);
        Assert.Contains("clearly cannot fit", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was restored", ex.Message, StringComparison.Ordinal);
        Assert.False(dumped);
        GuardsKit.AssertNoFiles(folder);
        await server.DropDatabaseAsync(target);
    }

    [Fact]
    public async Task A_safety_backup_that_does_not_verify_stops_the_restore_and_is_set_aside_under_a_failed_name()
    {
        var server = await TestServer.GetAsync();
        var target = await GuardsKit.CreateSourceAsync(server, "safety_bad");
        var folder = GuardsKit.TempFolder("pgsnap-safety-");

        // A dump whose output loses its last bytes (as a disk that lies would): the footer is gone.
        var realDump = SafetyBackup.DumpJobDumper(DumpPlanner.PlanAsync);
        var safety = new SafetyBackup(
            async (source, path, ct) =>
            {
                await realDump(source, path, ct);
                await using var file = new FileStream(path, FileMode.Open);
                file.SetLength(file.Length - 10);
            },
            SafetyBackup.VerifyEngineVerifier);

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => safety.TakeAsync(
            new SafetyBackupRequest { Target = GuardsKit.Spec(server, target), Destructive = true, BackupDirectory = folder }, CancellationToken.None));

        Assert.Contains("does not verify, nothing was restored", ex.Message, StringComparison.Ordinal);
        var left = Assert.Single(Directory.GetFiles(folder));
        Assert.EndsWith(".sql.gz.failed", left, StringComparison.Ordinal);
        await server.DropDatabaseAsync(target);
    }
}
