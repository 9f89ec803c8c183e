using PgSnap.Restore;
using PgSnap.Restore.Backup;

namespace PgSnap.Verbs;

/// <summary>
/// <c>pgsnap restore</c> as one call (docs/ARCHITECTURE.md, "restore"): refuse contradictory options → the safety
/// backup (before --clean/--force changes a database that holds user objects: dump it by the backup naming
/// convention and verify it; when that fails nothing is restored) → the restore engine (spool, survey, target
/// checks, clean, replay, completion check, commit).
/// </summary>
public static class RestoreVerb
{
    /// <summary>Runs the restore. Throws <see cref="PgSnapException"/> (its kind is the CLI's exit code).</summary>
    public static Task<RestoreSummary> RunAsync(RestoreRequest request, CancellationToken cancellationToken) =>
        RunAsync(request, SafetyBackup.Default, cancellationToken);

    /// <summary>The same with another safety backup (tests: a dumper that fails).</summary>
    internal static async Task<RestoreSummary> RunAsync(RestoreRequest request, SafetyBackup safetyBackup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(safetyBackup);
        RestorePreparation.ValidateOptions(request.Input, request.Options);
        if (request.Target is { } target && !request.Options.DryRun && !request.Options.List)
        {
            var outcome = await safetyBackup.TakeAsync(
                new SafetyBackupRequest
                {
                    Target = target,
                    Destructive = request.Options.Clean || request.Options.Force,
                    Skip = request.NoSafetyBackup,
                    BackupDirectory = request.BackupDirectory ?? DefaultBackupDirectory(request.Input),
                    Env = request.BackupEnv,
                },
                cancellationToken).ConfigureAwait(false);
            if (outcome.Status is SafetyBackupStatus.Taken or SafetyBackupStatus.Skipped)
            {
                request.SafetyBackupReport?.Invoke(outcome);
            }
        }

        return await RestoreEngine.RunAsync(request.Input, request.Stdin, request.Target, request.Options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Next to the archive file; for an archive in object storage, the current folder (the safety backup is a local
    /// file: it must be quick to reach if the restore goes wrong).
    /// </summary>
    private static string? DefaultBackupDirectory(string input) =>
        input == "-" ? null
        : Storage.S3.S3Location.IsS3(input) ? Directory.GetCurrentDirectory()
        : Path.GetDirectoryName(Path.GetFullPath(input));
}
