using PgSnap.Archive;
using PgSnap.Connection;
using PgSnap.Dump;
using PgSnap.Dump.Preflight;
using PgSnap.Restore.Target;

namespace PgSnap.Restore.Backup;

/// <summary>
/// The runbook's "back up the current state before restoring" made automatic (docs/ARCHITECTURE.md, "restore"). Before a destructive
/// restore (--clean / --force) into a database that holds user objects, it dumps that database with the naming
/// convention (<c>backup_{env}_{yyyyMMdd}_{HHmmss}_pre-restore.sql.gz</c>) into the backup folder, after the same
/// preflight as any dump, then verifies the file. The caller restores only after <see cref="TakeAsync"/> returned;
/// when it throws, nothing may be restored.
/// </summary>
public sealed class SafetyBackup
{
    private readonly SafetyDumper _dump;
    private readonly BackupVerifier _verify;

    public SafetyBackup(SafetyDumper dump, BackupVerifier verify)
    {
        ArgumentNullException.ThrowIfNull(dump);
        ArgumentNullException.ThrowIfNull(verify);
        _dump = dump;
        _verify = verify;
    }

    /// <summary>Where the preflight reads the backup folder's free space; the real filesystem by default.</summary>
    public IFreeSpaceProbe FreeSpace { get; init; } = FileSystemFreeSpaceProbe.Instance;

    /// <summary>
    /// Takes and verifies the safety backup when one is needed. Throws <see cref="PgSnapException"/> when it is
    /// needed but cannot be had (usage: no folder for stdin; refused: preflight; or the dump's or verify's error):
    /// the message says that nothing was restored.
    /// </summary>
    public async Task<SafetyBackupOutcome> TakeAsync(SafetyBackupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Destructive)
        {
            return new SafetyBackupOutcome(SafetyBackupStatus.NotNeeded, null, 0, "the restore is not destructive: no safety backup needed");
        }

        var target = request.Target.Describe();
        long objects;
        PreflightResult? preflight = null;
        var directory = request.BackupDirectory is null ? null : Path.GetFullPath(request.BackupDirectory);
        await using (var dataSource = DataSourceFactory.Create(request.Target, "pgsnap safety backup"))
        await using (var connection = await DataSourceFactory.OpenAsync(dataSource, request.Target, cancellationToken).ConfigureAwait(false))
        {
            objects = await DatabaseContents.CountUserObjectsAsync(connection, cancellationToken).ConfigureAwait(false);
            if (objects == 0)
            {
                return new SafetyBackupOutcome(SafetyBackupStatus.EmptyTarget, null, 0, $"{target} holds no user objects: no safety backup needed");
            }

            if (request.Skip)
            {
                return new SafetyBackupOutcome(
                    SafetyBackupStatus.Skipped,
                    null,
                    objects,
                    $"--no-safety-backup: restoring over {objects} user object(s) in {target} without a backup of their current state");
            }

            if (directory is null)
            {
                throw new PgSnapException(
                    PgSnapErrorKind.Usage,
                    $"{target} holds {objects} user object(s) and this restore may drop them: reading from stdin, pgsnap needs --backup-dir DIR for the safety backup (or --no-safety-backup); nothing was restored");
            }

            try
            {
                Archive.Writing.PrivateFiles.CreateDirectory(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new PgSnapException(PgSnapErrorKind.Failure, $"safety backup failed, nothing was restored: cannot create {directory}: {ex.Message.ReplaceLineEndings(" ")}", ex);
            }

            preflight = await DumpPreflight.RunAsync(
                connection,
                new PreflightRequest { Options = new DumpOptions(), OutputDirectory = directory, Compression = ArchiveCompression.Gzip, FreeSpace = FreeSpace },
                cancellationToken).ConfigureAwait(false);
        }

        if (!preflight.Passed)
        {
            var details = string.Join("; ", preflight.Blocking.Select(p => p.Fix is null ? p.Message : $"{p.Message} (fix: {p.Fix})"));
            throw new PgSnapException(PgSnapErrorKind.Refused, $"safety backup of {target} cannot be taken, nothing was restored: {details}");
        }

        var path = await WriteAndVerifyAsync(request, target, directory!, cancellationToken).ConfigureAwait(false);
        return new SafetyBackupOutcome(SafetyBackupStatus.Taken, path, objects, $"safety backup of {target} ({objects} user object(s)) written and verified: {path}");
    }

    /// <summary>
    /// Dumps the target into <paramref name="directory"/> under the backup naming convention and verifies the file;
    /// a file that does not verify is renamed to <c>….failed</c>. Returns the backup's path.
    /// </summary>
    private async Task<string> WriteAndVerifyAsync(SafetyBackupRequest request, string target, string directory, CancellationToken cancellationToken)
    {
        var name = Retention.BackupName.Create(Retention.BackupKind.Backup, request.Env, request.Now ?? DateTimeOffset.UtcNow, request.Label, ArchiveCompression.Gzip).FileName;
        var path = Path.Combine(directory, name);
        try
        {
            await _dump(request.Target, path, cancellationToken).ConfigureAwait(false);
        }
        catch (PgSnapException ex)
        {
            throw new PgSnapException(ex.Kind == PgSnapErrorKind.Refused ? PgSnapErrorKind.Refused : PgSnapErrorKind.Failure, $"safety backup of {target} failed, nothing was restored: {ex.Message}", ex);
        }

        try
        {
            await _verify(path, cancellationToken).ConfigureAwait(false);
        }
        catch (PgSnapException ex)
        {
            // Keep the evidence, but never under a name that prune or a person would take for a good backup.
            var failed = path + ".failed";
            File.Move(path, failed, overwrite: true);
            throw new PgSnapException(PgSnapErrorKind.Failure, $"safety backup {failed} does not verify, nothing was restored: {ex.Message}", ex);
        }

        return path;
    }

    /// <summary>The safety backup pgsnap restore takes: the dump engine with the catalog planner, then the verify engine.</summary>
    public static SafetyBackup Default { get; } = new(DumpJobDumper(Catalog.DumpPlanner.PlanAsync), VerifyEngineVerifier);

    /// <summary>
    /// The verify engine's checks (header, every block's checksum, manifest, row counts, completion marker) as a
    /// <see cref="BackupVerifier"/>: throws with the first problem when the report is not ok.
    /// </summary>
    public static async Task VerifyEngineVerifier(string path, CancellationToken cancellationToken)
    {
        Verify.VerifyReport report;
        await using (var input = await Archive.Reading.ArchiveInput.OpenAsync(path, static () => Stream.Null, cancellationToken).ConfigureAwait(false))
        {
            report = await Verify.ArchiveVerifier.VerifyAsync(input, new Verify.VerifyOptions(), cancellationToken).ConfigureAwait(false);
        }

        if (!report.Ok || !report.Complete)
        {
            var first = report.Problems.Count > 0 ? report.Problems[0].Message : "the archive is incomplete";
            throw new PgSnapException(report.ErrorKind ?? PgSnapErrorKind.Corrupt, $"verify found {report.Problems.Count} problem(s): {first}");
        }
    }

    /// <summary>The default dump: a full dump of the target with the dump engine, gzip, never overwriting a file.</summary>
    public static SafetyDumper DumpJobDumper(DumpPlanSource planSource) => async (source, path, ct) =>
    {
        var job = new DumpJob(source, new DumpOptions(), DumpOutput.ToFile(path, Archive.Compression.CompressionSpec.Gzip, force: false), planSource);
        await job.RunAsync(ct).ConfigureAwait(false);
    };
}
