using PgSnap.Connection;

namespace PgSnap.Restore.Backup;

/// <summary>What a restore is about to do to its target, as far as the safety backup is concerned.</summary>
public sealed record SafetyBackupRequest
{
    /// <summary>The database the restore will change.</summary>
    public required ConnectionSpec Target { get; init; }

    /// <summary>True for <c>--clean</c> or <c>--force</c>: the restore may drop or overwrite what is there.</summary>
    public bool Destructive { get; init; }

    /// <summary><c>--no-safety-backup</c>: the user accepts restoring without one.</summary>
    public bool Skip { get; init; }

    /// <summary>
    /// <c>--backup-dir</c>, or the folder of the archive being restored; null for stdin without --backup-dir, which
    /// is refused when a backup is needed. Created when missing.
    /// </summary>
    public string? BackupDirectory { get; init; }

    /// <summary><c>--env</c> of the backup's name (backup_{env}_…); <c>restore</c> by default.</summary>
    public string Env { get; init; } = "restore";

    /// <summary>The label of the backup's name.</summary>
    public string Label { get; init; } = "pre-restore";

    /// <summary>The time in the backup's name; now when null.</summary>
    public DateTimeOffset? Now { get; init; }
}
