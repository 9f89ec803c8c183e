using System.Globalization;

namespace PgSnap.Retention;

/// <summary>
/// Decides, without touching anything, what prune does with each scanned file.
/// </summary>
/// <remarks>
/// The keep rules follow restic's <c>forget</c> and borg's <c>prune</c>: within one env and kind, complete backups
/// are walked newest first; keep-last keeps the first N; each of keep-daily / keep-weekly / keep-monthly keeps the
/// newest backup of a period and counts back N periods that have a backup (periods without one do not count).
/// Then the guard rails, whatever the rules say: the newest complete backup and the newest backup whose drill
/// passed are kept; a complete file that is not the full backup its name says (a -t or -n dump named backup_…) is
/// kept and counted by no rule; incomplete and <c>.partial</c> files are never touched inside the grace period and deleted
/// after it only when asked; files whose name is not recognized are never touched.
/// </remarks>
public static class RetentionPolicy
{
    public const string ReasonNewestComplete = "newest complete";
    public const string ReasonNewestDrill = "newest drill passed";
    public const string ReasonNeverCountsAsFull = "never counts as a full backup: kept, delete it by hand";

    /// <summary>Plans every file; the result is ordered by env, kind, newest first, then unrecognized files.</summary>
    public static IReadOnlyList<PruneDecision> Plan(IReadOnlyList<BackupFile> files, RetentionOptions options, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.HasKeepRule)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage,
                "no keep rule: give at least one of --keep-last, --keep-daily, --keep-weekly, --keep-monthly");
        }

        var decisions = new List<PruneDecision>(files.Count);
        var groups = files.Where(static f => f.Name is not null)
            .GroupBy(static f => (f.Name!.Env, f.Name.Kind))
            .OrderBy(static g => g.Key.Env, StringComparer.Ordinal)
            .ThenBy(static g => g.Key.Kind);
        foreach (var group in groups)
        {
            PlanGroup(group.OrderByDescending(static f => f.Name!.TimestampUtc)
                    .ThenByDescending(static f => f.FileName, StringComparer.Ordinal)
                    .ToList(),
                options, nowUtc, decisions);
        }

        foreach (var file in files.Where(static f => f.Name is null))
        {
            decisions.Add(new PruneDecision(file, PruneAction.Skip, ["name not recognized: never touched"], null));
        }

        return decisions;
    }

    private static void PlanGroup(List<BackupFile> newestFirst, RetentionOptions options, DateTime nowUtc, List<PruneDecision> decisions)
    {
        var complete = newestFirst.Where(static f => f.IsComplete && f.NotFull is null).ToList();
        var reasons = complete.ToDictionary(static f => f, static _ => new List<string>());

        for (var i = 0; i < Math.Min(options.KeepLast, complete.Count); i++)
        {
            reasons[complete[i]].Add(string.Create(CultureInfo.InvariantCulture, $"last {i + 1}"));
        }

        KeepPerPeriod(complete, reasons, options.KeepDaily, "daily", static t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        KeepPerPeriod(complete, reasons, options.KeepWeekly, "weekly", static t =>
            string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(t):D4}-W{ISOWeek.GetWeekOfYear(t):D2}"));
        KeepPerPeriod(complete, reasons, options.KeepMonthly, "monthly", static t => t.ToString("yyyy-MM", CultureInfo.InvariantCulture));

        if (complete.Count > 0)
        {
            reasons[complete[0]].Add(ReasonNewestComplete);
        }

        var drilled = complete.Find(static f => f.Drill?.Passed == true);
        if (drilled is not null)
        {
            reasons[drilled].Add(ReasonNewestDrill);
        }

        foreach (var file in newestFirst)
        {
            decisions.Add(!file.IsComplete ? DecideIncomplete(file, options, nowUtc)
                : file.NotFull is { } why ? new PruneDecision(file, PruneAction.Keep, [why, ReasonNeverCountsAsFull], null)
                : DecideComplete(file, reasons[file], options));
        }
    }

    private static void KeepPerPeriod(List<BackupFile> newestFirst, Dictionary<BackupFile, List<string>> reasons, int count,
        string rule, Func<DateTime, string> periodOf)
    {
        string? lastPeriod = null;
        var kept = 0;
        foreach (var file in newestFirst)
        {
            if (kept >= count)
            {
                return;
            }

            var period = periodOf(file.Name!.TimestampUtc);
            if (period == lastPeriod)
            {
                continue; // an older backup of a period that already has its keeper
            }

            lastPeriod = period;
            reasons[file].Add($"{rule} {period}");
            kept++;
        }
    }

    private static PruneDecision DecideComplete(BackupFile file, List<string> reasons, RetentionOptions options)
    {
        if (reasons.Count == 0)
        {
            return new PruneDecision(file, PruneAction.Delete, ["not kept by any rule"], null);
        }

        // Long-term keepers go to the archive folder; what the recent window (last / daily / newest) still needs
        // stays in place, and moves on a later run once only a weekly or monthly rule holds it.
        var longTerm = reasons.Exists(static r => r.StartsWith("weekly ", StringComparison.Ordinal) || r.StartsWith("monthly ", StringComparison.Ordinal));
        var recent = reasons.Exists(static r => r.StartsWith("last ", StringComparison.Ordinal) || r.StartsWith("daily ", StringComparison.Ordinal) || r == ReasonNewestComplete);
        if (options.ArchiveDirectory is not null && !file.InArchiveDir && longTerm && !recent)
        {
            return new PruneDecision(file, PruneAction.Move, reasons, Path.Combine(options.ArchiveDirectory, file.FileName));
        }

        return new PruneDecision(file, PruneAction.Keep, reasons, null);
    }

    private static PruneDecision DecideIncomplete(BackupFile file, RetentionOptions options, DateTime nowUtc)
    {
        var what = file.IsPartial ? "partial (dump still writing or interrupted)" : "incomplete (no completion marker)";
        var grace = FormatSpan(options.Grace);
        if (nowUtc - file.LastWriteUtc < options.Grace)
        {
            return new PruneDecision(file, PruneAction.Keep, [what, $"younger than grace {grace}"], null);
        }

        if (Storage.S3.S3Location.IsS3(file.Path))
        {
            // An object exists only once its upload completed: one that does not prove complete is not a dump of
            // ours that died (those leave no object), so nothing says it may go.
            return new PruneDecision(file, PruneAction.Keep, [what, "kept: an object in object storage is deleted only when proven complete"], null);
        }

        return options.DeleteIncomplete
            ? new PruneDecision(file, PruneAction.Delete, [what, $"older than grace {grace}"], null)
            : new PruneDecision(file, PruneAction.Keep, [what, $"older than grace {grace}", "kept: use --delete-incomplete"], null);
    }

    /// <summary>Formats a grace period the way --grace takes it (e.g. 24h, 90m, 2d).</summary>
    public static string FormatSpan(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerHour == 0 ? string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalHours}h")
        : span.Ticks % TimeSpan.TicksPerMinute == 0 ? string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalMinutes}m")
        : string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalSeconds}s");

    /// <summary>Parses a duration such as 24h, 90m, 2d, 30s or a bare number of hours.</summary>
    public static bool TryParseSpan(string text, out TimeSpan span)
    {
        span = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var unit = char.ToLowerInvariant(text[^1]);
        var number = char.IsAsciiDigit(unit) ? text : text[..^1];
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        span = unit switch
        {
            'd' => TimeSpan.FromDays(value),
            'm' => TimeSpan.FromMinutes(value),
            's' => TimeSpan.FromSeconds(value),
            'h' => TimeSpan.FromHours(value),
            _ when char.IsAsciiDigit(unit) => TimeSpan.FromHours(value),
            _ => TimeSpan.MinValue,
        };
        return span != TimeSpan.MinValue;
    }
}
