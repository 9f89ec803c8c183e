using System.Globalization;
using PgSnap.Tests.Cli;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Retention;

/// <summary>`pgsnap prune` as a cron job sees it: exit codes 0, 2 and 6, and a dry run that changes nothing.</summary>
public sealed class PruneCliTests(ITestOutputHelper output)
{
    private static string Name(DateTime utc, string suffix = "") =>
        "backup_prod_" + utc.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture) + suffix + ".sql.gz";

    [Fact]
    public async Task Prune_dry_run_exits_0_and_changes_nothing_then_the_real_run_deletes_exactly_what_it_listed()
    {
        using var folder = new BackupFolder();
        var today = DateTime.UtcNow.Date.AddHours(1);
        var newest = folder.PgSnap(Name(today));
        var older = folder.PgSnap(Name(today.AddDays(-1)));
        var oldest = folder.PgSnap(Name(today.AddDays(-2)));
        var stranger = folder.Write("notes.sql", "SELECT 1;\n"u8.ToArray());

        var dry = await PgSnapCli.Default.RunAsync(["prune", folder.Path, "--keep-last", "1", "--dry-run"]);
        output.WriteLine(dry.StdOutText);
        Assert.Equal(0, dry.ExitCode);
        Assert.Contains("dry run: 1 kept, would move 0, would delete 2, 1 not recognized", dry.StdOutText, StringComparison.Ordinal);
        Assert.All(new[] { newest, older, oldest, stranger }, static f => Assert.True(File.Exists(f)));

        var real = await PgSnapCli.Default.RunAsync(["prune", folder.Path, "--keep-last", "1", "--json"]);
        Assert.Equal(0, real.ExitCode);
        Assert.Contains("\"summary\":", real.StdOutText, StringComparison.Ordinal);
        Assert.True(File.Exists(newest));
        Assert.True(File.Exists(stranger));
        Assert.False(File.Exists(older));
        Assert.False(File.Exists(oldest));
    }

    [Theory]
    [InlineData("--keep-daily", "-1")]
    [InlineData("--grace", "soon")]
    [InlineData("--dry-run", null)]
    [InlineData("--keep-hourly", "3")]
    public async Task Prune_exits_2_for_a_bad_or_missing_keep_rule_and_deletes_nothing(string option, string? value)
    {
        using var folder = new BackupFolder();
        var file = folder.PgSnap(Name(DateTime.UtcNow.Date.AddDays(-40)));
        string[] args = value is null ? ["prune", folder.Path, option] : ["prune", folder.Path, "--keep-last", "1", option, value];

        var result = await PgSnapCli.Default.RunAsync(args);

        output.WriteLine(result.StdErr);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("pgsnap: error:", result.StdErr, StringComparison.Ordinal);
        Assert.True(File.Exists(file));
    }

    [Fact]
    public async Task Prune_exits_2_for_a_folder_that_does_not_exist()
    {
        var result = await PgSnapCli.Default.RunAsync(["prune", "/nonexistent/pgsnap-backups", "--keep-last", "1"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_exits_6_and_changes_nothing_when_a_keeper_would_overwrite_a_file_in_the_archive_dir()
    {
        using var folder = new BackupFolder();
        var today = DateTime.UtcNow.Date.AddHours(1);
        var daily = folder.PgSnap(Name(today));
        var weekly = folder.PgSnap(Name(today.AddDays(-14)));
        var doomed = folder.PgSnap(Name(today.AddDays(-15)));

        // Something (an earlier run, a hand copy) already put another file under the weekly keeper's name.
        var clash = folder.Write(Name(today.AddDays(-14)), "not the same file"u8.ToArray(), folder: folder.ArchivePath);

        var result = await PgSnapCli.Default.RunAsync(
            ["prune", folder.Path, "--keep-daily", "1", "--keep-weekly", "4", "--archive-dir", folder.ArchivePath]);

        output.WriteLine(result.StdOutText + result.StdErr);
        Assert.Equal(6, result.ExitCode);
        Assert.Contains("already exists; nothing was changed", result.StdErr, StringComparison.Ordinal);
        Assert.All(new[] { daily, weekly, doomed }, static f => Assert.True(File.Exists(f)));
        Assert.Equal("not the same file", await File.ReadAllTextAsync(clash));
    }
}
