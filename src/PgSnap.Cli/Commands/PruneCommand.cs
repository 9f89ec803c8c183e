using System.CommandLine;
using System.Text.Json;
using PgSnap.Retention;
using PgSnap.Verbs;

namespace PgSnap.Cli.Commands;

/// <summary>`pgsnap prune DIR`: keep the right backups per env and kind, delete (or archive) the rest.</summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "Folder (or s3://bucket/prefix/) of backups named {kind}_{env}_{yyyyMMdd}_{HHmmss}[±hhmm][_{label}].sql[.gz|.lz4|.zst]." };
        var keepLast = new Option<int>("--keep-last") { Description = "Keep the N newest complete backups." };
        var keepDaily = new Option<int>("--keep-daily") { Description = "Keep the newest backup of each of the last N days that have one (UTC)." };
        var keepWeekly = new Option<int>("--keep-weekly") { Description = "Keep the newest backup of each of the last N ISO weeks that have one." };
        var keepMonthly = new Option<int>("--keep-monthly") { Description = "Keep the newest backup of each of the last N months that have one." };
        var env = new Option<string?>("--env") { Description = "Only prune backups of this env." };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Print what would happen; change nothing." };
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON on stdout." };
        var archiveDir = new Option<string?>("--archive-dir") { Description = "Move weekly/monthly keepers into this folder (scanned too)." };
        var grace = new Option<string>("--grace")
        {
            Description = "Never touch incomplete or .partial files younger than this (e.g. 24h, 90m, 2d).",
            DefaultValueFactory = static _ => "24h",
        };
        var deleteIncomplete = new Option<bool>("--delete-incomplete") { Description = "Delete incomplete files older than the grace period." };

        var command = new Command("prune", "Apply a retention policy to a folder of backups: keep per day/week/month, delete or archive the rest.");
        command.Arguments.Add(directory);
        foreach (var option in new Option[] { keepLast, keepDaily, keepWeekly, keepMonthly, env, dryRun, json, archiveDir, grace, deleteIncomplete })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result.GetValue(GlobalOptions.Verbose), async ct =>
        {
            if (!RetentionPolicy.TryParseSpan(result.GetValue(grace)!, out var graceSpan) || graceSpan < TimeSpan.Zero)
            {
                throw new PgSnapException(PgSnapErrorKind.Usage, $"--grace '{result.GetValue(grace)}' is not a duration such as 24h, 90m or 2d");
            }

            var options = new RetentionOptions
            {
                KeepLast = result.GetValue(keepLast),
                KeepDaily = result.GetValue(keepDaily),
                KeepWeekly = result.GetValue(keepWeekly),
                KeepMonthly = result.GetValue(keepMonthly),
                Grace = graceSpan,
                DeleteIncomplete = result.GetValue(deleteIncomplete),
                ArchiveDirectory = result.GetValue(archiveDir),
            };
            var report = await PruneVerb.RunAsync(
                new PruneRequest { Directory = result.GetValue(directory)!, Options = options, Env = result.GetValue(env), DryRun = result.GetValue(dryRun) },
                ct).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, RetentionJsonContext.Default.PruneReport));
            }
            else
            {
                WriteText(report);
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static void WriteText(PruneReport report)
    {
        var width = report.Files.Count == 0 ? 0 : report.Files.Max(static f => f.File.Length);
        foreach (var file in report.Files)
        {
            var where = file.Destination is null ? "" : $" -> {file.Destination}";
            var drill = file.Drill is null ? "" : $" [drill {file.Drill}]";
            Console.Out.WriteLine($"{file.Action.ToUpperInvariant(),-6}  {file.File.PadRight(width)}  {string.Join(", ", file.Reasons)}{drill}{where}");
        }

        var s = report.Summary;
        Console.Out.WriteLine(report.DryRun
            ? $"dry run: {s.Keep} kept, would move {s.Move}, would delete {s.Delete}, {s.Skip} not recognized"
            : $"{s.Keep} kept, {s.Move} moved, {s.Delete} deleted, {s.Skip} not recognized");
    }
}
