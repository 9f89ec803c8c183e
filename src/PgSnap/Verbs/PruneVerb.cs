using PgSnap.Retention;

namespace PgSnap.Verbs;

/// <summary>
/// <c>pgsnap prune</c> as one call (docs/ARCHITECTURE.md, "prune"): refuse negative keep counts → scan the folders →
/// decide (pure) → apply, unless a dry run → report. Only names <see cref="BackupName.TryParse"/> recognises are touched.
/// </summary>
public static class PruneVerb
{
    public static async Task<PruneReport> RunAsync(PruneRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Options;
        NonNegative(options.KeepLast, "--keep-last");
        NonNegative(options.KeepDaily, "--keep-daily");
        NonNegative(options.KeepWeekly, "--keep-weekly");
        NonNegative(options.KeepMonthly, "--keep-monthly");
        var files = await BackupScanner.ScanAsync(request.Directory, options.ArchiveDirectory, request.Env, cancellationToken).ConfigureAwait(false);
        var plan = RetentionPolicy.Plan(files, options, request.NowUtc ?? DateTime.UtcNow);
        if (!request.DryRun)
        {
            PruneExecutor.Apply(plan, cancellationToken);
        }

        return PruneReport.From(request.Directory, options, request.DryRun, plan);
    }

    private static void NonNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"{name} must be 0 or more");
        }
    }
}
