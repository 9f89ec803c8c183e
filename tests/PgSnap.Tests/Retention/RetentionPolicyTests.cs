using PgSnap.Retention;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Retention;

[Trait(TestTier.Name, TestTier.Fast)]
public sealed class RetentionPolicyTests
{
    private static readonly DateTime s_now = new(2025, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private static async Task<Dictionary<string, PruneDecision>> PlanAsync(BackupFolder folder, RetentionOptions options, string? env = null, DateTime? now = null)
    {
        var files = await BackupScanner.ScanAsync(folder.Path, options.ArchiveDirectory, env, CancellationToken.None);
        return RetentionPolicy.Plan(files, options, now ?? s_now).ToDictionary(static d => d.File.FileName);
    }

    private static string[] Named(Dictionary<string, PruneDecision> plan, PruneAction action) =>
        plan.Values.Where(d => d.Action == action).Select(static d => d.File.FileName).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Keep_daily_keeps_the_newest_backup_of_each_of_the_last_days_that_have_one()
    {
        using var folder = new BackupFolder();
        folder.PgSnap("backup_prod_20251124_180000_b.sql.gz");
        folder.PgSnap("backup_prod_20251124_060000_a.sql.gz");
        folder.PgSnap("backup_prod_20251122_060000.sql.gz"); // 23rd has no backup: it does not use up a day
        folder.PgSnap("backup_prod_20251120_180000.sql.gz");
        folder.PgSnap("backup_prod_20251120_060000.sql.gz");
        folder.PgSnap("backup_prod_20251119_060000.sql.gz");

        var plan = await PlanAsync(folder, new RetentionOptions { KeepDaily = 3 });

        Assert.Equal(["backup_prod_20251120_180000.sql.gz", "backup_prod_20251122_060000.sql.gz", "backup_prod_20251124_180000_b.sql.gz"], Named(plan, PruneAction.Keep));
        Assert.Equal(["backup_prod_20251119_060000.sql.gz", "backup_prod_20251120_060000.sql.gz", "backup_prod_20251124_060000_a.sql.gz"], Named(plan, PruneAction.Delete));
        Assert.Equal(["daily 2025-11-24", "newest complete"], plan["backup_prod_20251124_180000_b.sql.gz"].Reasons);
        Assert.Equal(["daily 2025-11-20"], plan["backup_prod_20251120_180000.sql.gz"].Reasons);
    }

    [Fact]
    public async Task Keep_weekly_counts_iso_weeks_so_the_last_days_of_december_can_belong_to_next_year()
    {
        using var folder = new BackupFolder();
        folder.PgSnap("backup_prod_20251229_010000.sql"); // Monday: ISO week 2026-W01
        folder.PgSnap("backup_prod_20251228_010000.sql"); // Sunday: 2025-W52
        folder.PgSnap("backup_prod_20251222_010000.sql"); // Monday: 2025-W52, older in the same week
        folder.PgSnap("backup_prod_20251221_010000.sql"); // Sunday: 2025-W51

        var plan = await PlanAsync(folder, new RetentionOptions { KeepWeekly = 2 }, now: new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc));

        Assert.Contains("weekly 2026-W01", plan["backup_prod_20251229_010000.sql"].Reasons);
        Assert.Equal(["weekly 2025-W52"], plan["backup_prod_20251228_010000.sql"].Reasons);
        Assert.Equal(PruneAction.Delete, plan["backup_prod_20251222_010000.sql"].Action);
        Assert.Equal(PruneAction.Delete, plan["backup_prod_20251221_010000.sql"].Action);
    }

    [Fact]
    public async Task Keep_monthly_and_keep_last_combine_their_reasons()
    {
        using var folder = new BackupFolder();
        folder.PgSnap("backup_prod_20251125_010000.sql.lz4");
        folder.PgSnap("backup_prod_20251124_010000.sql.lz4");
        folder.PgSnap("backup_prod_20251031_010000.sql.lz4");
        folder.PgSnap("backup_prod_20251015_010000.sql.lz4");
        folder.PgSnap("backup_prod_20250930_010000.sql.lz4");

        var plan = await PlanAsync(folder, new RetentionOptions { KeepLast = 2, KeepMonthly = 2 });

        Assert.Equal(["last 1", "monthly 2025-11", "newest complete"], plan["backup_prod_20251125_010000.sql.lz4"].Reasons);
        Assert.Equal(["last 2"], plan["backup_prod_20251124_010000.sql.lz4"].Reasons);
        Assert.Equal(["monthly 2025-10"], plan["backup_prod_20251031_010000.sql.lz4"].Reasons);
        Assert.Equal(["backup_prod_20250930_010000.sql.lz4", "backup_prod_20251015_010000.sql.lz4"], Named(plan, PruneAction.Delete));
    }

    [Fact]
    public async Task Incomplete_backups_never_count_and_the_newest_complete_one_is_kept_even_if_old()
    {
        using var folder = new BackupFolder();
        folder.PgSnap("backup_prod_20251125_010000.sql.gz", complete: false);
        folder.PgSnap("backup_prod_20251124_010000.sql.gz", complete: false);
        folder.PgSnap("backup_prod_20251001_010000.sql.gz");
        folder.PgSnap("backup_prod_20250901_010000.sql.gz");

        var plan = await PlanAsync(folder, new RetentionOptions { KeepDaily = 1, DeleteIncomplete = true, Grace = TimeSpan.FromHours(1) });

        Assert.Equal(PruneAction.Keep, plan["backup_prod_20251001_010000.sql.gz"].Action);
        Assert.Contains(RetentionPolicy.ReasonNewestComplete, plan["backup_prod_20251001_010000.sql.gz"].Reasons);
        Assert.Equal(PruneAction.Delete, plan["backup_prod_20250901_010000.sql.gz"].Action);
        Assert.Equal(PruneAction.Delete, plan["backup_prod_20251125_010000.sql.gz"].Action);
        Assert.Equal(["incomplete (no completion marker)", "older than grace 1h"], plan["backup_prod_20251125_010000.sql.gz"].Reasons);
    }

    [Fact]
    public async Task Incomplete_and_partial_files_are_untouched_inside_the_grace_period_and_deleted_after_only_when_asked()
    {
        using var folder = new BackupFolder();
        folder.PgSnap("backup_prod_20251120_010000.sql.gz");
        folder.PgSnap("backup_prod_20251125_113000.sql.gz.partial", complete: false, mtimeUtc: s_now.AddMinutes(-5));
        folder.PgSnap("backup_prod_20251124_010000.sql.gz.partial", complete: false, mtimeUtc: s_now.AddHours(-30));
        folder.PgSnap("backup_prod_20251123_010000.sql.gz", complete: false, mtimeUtc: s_now.AddHours(-50));
        var options = new RetentionOptions { KeepLast = 1 };

        var keepAll = await PlanAsync(folder, options);
        Assert.Equal(4, Named(keepAll, PruneAction.Keep).Length);
        Assert.Equal(["partial (dump still writing or interrupted)", "younger than grace 24h"], keepAll["backup_prod_20251125_113000.sql.gz.partial"].Reasons);
        Assert.Contains("kept: use --delete-incomplete", keepAll["backup_prod_20251124_010000.sql.gz.partial"].Reasons);

        var deleting = await PlanAsync(folder, options with { DeleteIncomplete = true });
        Assert.Equal(["backup_prod_20251123_010000.sql.gz", "backup_prod_20251124_010000.sql.gz.partial"], Named(deleting, PruneAction.Delete));
        Assert.Equal(PruneAction.Keep, deleting["backup_prod_20251125_113000.sql.gz.partial"].Action);
    }

    [Fact]
    public async Task Files_whose_name_is_not_recognized_are_skipped_and_survive_a_prune()
    {
        using var folder = new BackupFolder();
        folder.PgSnap("backup_prod_20251124_010000.sql");
        folder.PgSnap("backup_prod_20251123_010000.sql");
        var odd = folder.PgSnap("backup_prod_2025-11-01.sql");
        folder.Write("README.txt", "keep me"u8.ToArray());

        var files = await BackupScanner.ScanAsync(folder.Path, null, null, CancellationToken.None);
        var plan = RetentionPolicy.Plan(files, new RetentionOptions { KeepLast = 1 }, s_now);
        PruneExecutor.Apply(plan, CancellationToken.None);

        Assert.True(File.Exists(odd));
        Assert.True(folder.Exists("README.txt"));
        Assert.True(folder.Exists("backup_prod_20251124_010000.sql"));
        Assert.False(folder.Exists("backup_prod_20251123_010000.sql"));
        Assert.Equal(2, plan.Count(static d => d.Action == PruneAction.Skip));
    }

    [Fact]
    public async Task Envs_and_kinds_are_pruned_separately_and_env_filter_leaves_other_envs_out()
    {
        using var folder = new BackupFolder();
        folder.PgSnap("backup_prod_20251124_010000.sql");
        folder.PgSnap("backup_prod_20251123_010000.sql");
        folder.PgSnap("schema_prod_20251120_010000_pre_migration.sql");
        folder.PgSnap("backup_staging_20251101_010000.sql");
        folder.PgSnap("backup_staging_20251001_010000.sql");

        var all = await PlanAsync(folder, new RetentionOptions { KeepLast = 1 });
        Assert.Equal(["backup_prod_20251124_010000.sql", "backup_staging_20251101_010000.sql", "schema_prod_20251120_010000_pre_migration.sql"], Named(all, PruneAction.Keep));

        var prodOnly = await PlanAsync(folder, new RetentionOptions { KeepLast = 1 }, env: "prod");
        Assert.DoesNotContain("backup_staging_20251001_010000.sql", prodOnly.Keys);
        Assert.Equal(3, prodOnly.Count);
    }

    [Fact]
    public async Task The_newest_drilled_and_passed_backup_is_kept_and_a_failed_drill_protects_nothing()
    {
        using var folder = new BackupFolder();
        folder.PgSnap("backup_prod_20251125_010000.sql");
        folder.Drill(folder.PgSnap("backup_prod_20251124_010000.sql"), passed: false);
        var passed = folder.PgSnap("backup_prod_20251120_010000.sql");
        folder.Drill(passed, passed: true);
        folder.Drill(folder.PgSnap("backup_prod_20251110_010000.sql"), passed: true);

        var files = await BackupScanner.ScanAsync(folder.Path, null, null, CancellationToken.None);
        var plan = RetentionPolicy.Plan(files, new RetentionOptions { KeepLast = 1 }, s_now);
        var byName = plan.ToDictionary(static d => d.File.FileName);

        Assert.Equal([RetentionPolicy.ReasonNewestDrill], byName["backup_prod_20251120_010000.sql"].Reasons);
        Assert.Equal(PruneAction.Delete, byName["backup_prod_20251124_010000.sql"].Action);
        Assert.Equal(PruneAction.Delete, byName["backup_prod_20251110_010000.sql"].Action);

        PruneExecutor.Apply(plan, CancellationToken.None);
        Assert.True(File.Exists(passed + ".drill.json"));
        Assert.False(File.Exists(Path.Combine(folder.Path, "backup_prod_20251124_010000.sql.drill.json")));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"passed": "yes"}""")]
    [InlineData("""[{"passed": true}]""")]
    public async Task A_drill_record_without_a_readable_boolean_passed_counts_as_failed_and_protects_nothing(string sidecar)
    {
        using var folder = new BackupFolder();
        folder.PgSnap("backup_prod_20251125_010000.sql");
        var garbled = folder.PgSnap("backup_prod_20251124_010000.sql");
        File.WriteAllText(garbled + ".drill.json", sidecar);
        var passed = folder.PgSnap("backup_prod_20251120_010000.sql");
        folder.Drill(passed, passed: true);

        var files = await BackupScanner.ScanAsync(folder.Path, null, null, CancellationToken.None);
        var plan = RetentionPolicy.Plan(files, new RetentionOptions { KeepLast = 1 }, s_now);
        var byName = plan.ToDictionary(static d => d.File.FileName);

        Assert.False(byName["backup_prod_20251124_010000.sql"].File.Drill!.Passed);
        Assert.Equal(PruneAction.Delete, byName["backup_prod_20251124_010000.sql"].Action);
        Assert.Equal([RetentionPolicy.ReasonNewestDrill], byName["backup_prod_20251120_010000.sql"].Reasons);
    }

    [Fact]
    public async Task Archive_dir_receives_weekly_and_monthly_keepers_with_their_drill_and_is_scanned_on_the_next_run()
    {
        using var folder = new BackupFolder();
        folder.PgSnap("backup_prod_20251125_010000.sql.gz");
        folder.PgSnap("backup_prod_20251124_010000.sql.gz");
        var weekly = folder.PgSnap("backup_prod_20251116_010000.sql.gz");
        folder.Drill(weekly, passed: true);
        folder.PgSnap("backup_prod_20251115_010000.sql.gz");
        folder.PgSnap("backup_prod_20251031_010000.sql.gz", folder: folder.ArchivePath);
        folder.PgSnap("backup_prod_20250930_010000.sql.gz", folder: folder.ArchivePath);
        var options = new RetentionOptions { KeepDaily = 2, KeepWeekly = 3, KeepMonthly = 2, ArchiveDirectory = folder.ArchivePath };

        var files = await BackupScanner.ScanAsync(folder.Path, folder.ArchivePath, null, CancellationToken.None);
        var plan = RetentionPolicy.Plan(files, options, s_now);
        var byName = plan.ToDictionary(static d => d.File.FileName);
        Assert.Equal(PruneAction.Keep, byName["backup_prod_20251125_010000.sql.gz"].Action); // daily + weekly: stays
        Assert.Equal(PruneAction.Move, byName["backup_prod_20251116_010000.sql.gz"].Action);
        Assert.Equal(["weekly 2025-W46", "newest drill passed"], byName["backup_prod_20251116_010000.sql.gz"].Reasons);
        Assert.Equal(PruneAction.Delete, byName["backup_prod_20251115_010000.sql.gz"].Action);
        Assert.Equal(PruneAction.Keep, byName["backup_prod_20251031_010000.sql.gz"].Action);
        Assert.Equal(PruneAction.Delete, byName["backup_prod_20250930_010000.sql.gz"].Action);

        PruneExecutor.Apply(plan, CancellationToken.None);
        var moved = Path.Combine(folder.ArchivePath, "backup_prod_20251116_010000.sql.gz");
        Assert.True(File.Exists(moved));
        Assert.True(File.Exists(moved + ".drill.json"));
        Assert.False(File.Exists(weekly));
        Assert.False(File.Exists(Path.Combine(folder.ArchivePath, "backup_prod_20250930_010000.sql.gz")));

        var again = RetentionPolicy.Plan(await BackupScanner.ScanAsync(folder.Path, folder.ArchivePath, null, CancellationToken.None), options, s_now);
        Assert.All(again, static d => Assert.Equal(PruneAction.Keep, d.Action));
        Assert.Equal(4, again.Count);
    }

    [Fact]
    public async Task Pg_dump_plain_files_count_as_complete_only_with_their_trailer()
    {
        using var folder = new BackupFolder();
        folder.PgDump("backup_prod_20251125_010000_plain.sql", complete: false);
        folder.PgDump("backup_prod_20251124_010000_gz.sql.gz", complete: true, gzip: true);
        folder.PgDump("backup_prod_20251123_010000_plain.sql", complete: true);

        var files = await BackupScanner.ScanAsync(folder.Path, null, null, CancellationToken.None);
        var byName = files.ToDictionary(static f => f.FileName);

        Assert.Equal(BackupCompletion.Incomplete, byName["backup_prod_20251125_010000_plain.sql"].Completion);
        Assert.Equal(BackupCompletion.PgDumpComplete, byName["backup_prod_20251124_010000_gz.sql.gz"].Completion);
        Assert.Equal(BackupCompletion.PgDumpComplete, byName["backup_prod_20251123_010000_plain.sql"].Completion);
        var plan = RetentionPolicy.Plan(files, new RetentionOptions { KeepLast = 1 }, s_now).ToDictionary(static d => d.File.FileName);
        Assert.Contains(RetentionPolicy.ReasonNewestComplete, plan["backup_prod_20251124_010000_gz.sql.gz"].Reasons);
    }

    [Fact]
    public async Task A_pgsnap_archive_with_a_damaged_footer_is_incomplete()
    {
        using var folder = new BackupFolder();
        var path = folder.PgSnap("backup_prod_20251125_010000.sql.gz");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^60] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);

        Assert.Equal(BackupCompletion.Incomplete, await BackupCompleteness.CheckAsync(path, CancellationToken.None));
    }

    [Fact]
    public void Pruning_without_any_keep_rule_is_a_usage_error()
    {
        var ex = Assert.Throws<PgSnapException>(() => RetentionPolicy.Plan([], new RetentionOptions(), s_now));
        Assert.Equal(PgSnapErrorKind.Usage, ex.Kind);
    }

    [Fact]
    public void A_move_onto_an_existing_file_is_refused_before_anything_changes()
    {
        using var folder = new BackupFolder();
        var doomed = folder.PgSnap("backup_prod_20251101_010000.sql");
        var source = folder.PgSnap("backup_prod_20251116_010000.sql");
        folder.PgSnap("backup_prod_20251116_010000.sql", folder: folder.ArchivePath);
        var file = new BackupFile(source, null, false, BackupCompletion.PgSnapComplete, DateTime.UtcNow, false, null);
        var gone = new BackupFile(doomed, null, false, BackupCompletion.PgSnapComplete, DateTime.UtcNow, false, null);
        PruneDecision[] plan =
        [
            new(gone, PruneAction.Delete, ["not kept by any rule"], null),
            new(file, PruneAction.Move, ["weekly 2025-W46"], Path.Combine(folder.ArchivePath, "backup_prod_20251116_010000.sql")),
        ];

        var ex = Assert.Throws<PgSnapException>(() => PruneExecutor.Apply(plan, CancellationToken.None));
        Assert.Equal(PgSnapErrorKind.Refused, ex.Kind);
        Assert.True(File.Exists(doomed));
        Assert.True(File.Exists(source));
    }
}
