using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PgSnap.Restore;
using PgSnap.Restore.Backup;
using PgSnap.Verbs;

namespace PgSnap.Cli.Commands;

/// <summary>
/// `pgsnap restore`: replay a PgSnap archive or a pg_dump plain SQL file (flags as pg_restore's). Parses
/// (<see cref="RestoreArguments"/>), calls <see cref="RestoreVerb.RunAsync(RestoreRequest, CancellationToken)"/>
/// (safety backup, checks, replay), renders progress and the summary.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create()
    {
        var command = new Command("restore", "Restore a PgSnap archive or a pg_dump plain SQL file into a database.");
        var arguments = new RestoreArguments(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result.GetValue(GlobalOptions.Verbose), ct => RunAsync(result, arguments, ct), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, RestoreArguments a, CancellationToken ct)
    {
        PgRestoreUnsupportedOptions.Check(result, a.Unsupported);
        var isQuiet = result.GetValue(a.Quiet);
        var showProgress = !isQuiet && (result.GetValue(a.Progress) || !Console.IsErrorRedirected);
        var request = a.ToRequest(result, showProgress ? RenderProgress : null) with { SafetyBackupReport = ReportSafetyBackup };
        var summary = await RestoreVerb.RunAsync(request, ct).ConfigureAwait(false);
        if (showProgress)
        {
            Console.Error.Write("\r\u001b[K");
        }

        if (request.Options.List)
        {
            return ExitCodes.Ok;
        }

        foreach (var warning in summary.Warnings)
        {
            Console.Error.WriteLine("pgsnap: warning: " + warning);
        }

        if (result.GetValue(a.Json))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(RestoreSummaryJson.From(summary), ProgressJsonContext.Default.RestoreSummaryJson));
        }
        else if (!isQuiet)
        {
            WriteText(summary);
        }

        return ExitCodes.Ok;
    }

    private static void ReportSafetyBackup(SafetyBackupOutcome outcome) =>
        Console.Error.WriteLine((outcome.Status == SafetyBackupStatus.Skipped ? "pgsnap: warning: " : "pgsnap: ") + outcome.Message);

    private static void WriteText(RestoreSummary summary)
    {
        Console.Error.WriteLine(Describe(summary));
        if (summary.ArchiveBytesRead is { } read)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pgsnap: selective restore read {read} bytes of the archive's {summary.ArchiveLength} (the chosen blocks twice: checked, then restored)"));
        }

        if (summary.LeftInPlace.Count > 0)
        {
            Console.Error.WriteLine($"pgsnap: left in place ({summary.LeftInPlace.Count}, not in the archive): {string.Join(", ", summary.LeftInPlace)}");
        }
    }

    private static void RenderProgress(RestoreProgress p)
    {
        var seconds = Math.Max(p.Elapsed.TotalSeconds, 0.001);
        var rate = p.Bytes / seconds / (1024 * 1024);
        var line = string.Create(CultureInfo.InvariantCulture, $"restore: {p.Statements} statements, {p.Rows} rows, {p.Bytes / (1024.0 * 1024):F1} MiB, {rate:F1} MiB/s");
        if (p.TotalBytes is > 0 and var total && p.Bytes > 0)
        {
            var eta = TimeSpan.FromSeconds(seconds * (total - p.Bytes) / p.Bytes);
            line += string.Create(CultureInfo.InvariantCulture, $", {100.0 * p.Bytes / total:F0}%, ETA {eta:hh\\:mm\\:ss}");
        }

        Console.Error.Write("\r\u001b[K" + line);
    }

    private static string Describe(RestoreSummary s) => string.Create(CultureInfo.InvariantCulture,
        $"pgsnap: {(s.DryRun ? "dry run of" : "restored")} {s.Source} ({s.Format}): {s.Statements} statements, {s.Rows} rows, {s.Bytes / (1024.0 * 1024):F1} MiB, {s.Skipped} skipped, -j {s.Jobs}, {s.Elapsed.TotalSeconds:F1} s");
}
