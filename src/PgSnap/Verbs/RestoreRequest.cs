using PgSnap.Connection;
using PgSnap.Restore;
using PgSnap.Restore.Backup;

namespace PgSnap.Verbs;

/// <summary>What <see cref="RestoreVerb.RunAsync"/> is asked to do: <c>pgsnap restore</c>'s arguments, parsed.</summary>
public sealed record RestoreRequest
{
    /// <summary>The archive or plain SQL file (.sql, .sql.gz, .sql.lz4, .sql.zst), or "-" for <see cref="Stdin"/>.</summary>
    public required string Input { get; init; }

    /// <summary>Where "-" reads from (spooled to a private temporary file and checked before anything runs).</summary>
    public Func<Stream> Stdin { get; init; } = static () => Stream.Null;

    /// <summary>The database to restore into; null only for <see cref="RestoreOptions.DryRun"/> and <see cref="RestoreOptions.List"/>.</summary>
    public ConnectionSpec? Target { get; init; }

    /// <summary>How to restore (pg_restore's options where the meaning is the same).</summary>
    public RestoreOptions Options { get; init; } = new();

    /// <summary>--no-safety-backup: restore with --clean/--force over user objects without backing them up first.</summary>
    public bool NoSafetyBackup { get; init; }

    /// <summary>--backup-dir: where the safety backup goes; null means the input file's folder (required for stdin).</summary>
    public string? BackupDirectory { get; init; }

    /// <summary>--env of the safety backup's name (backup_{env}_…_pre-restore.sql.gz).</summary>
    public string BackupEnv { get; init; } = "restore";

    /// <summary>
    /// Receives the safety backup's outcome when one was taken or deliberately skipped (the path, or the warning),
    /// before the restore changes anything.
    /// </summary>
    public Action<SafetyBackupOutcome>? SafetyBackupReport { get; init; }
}
