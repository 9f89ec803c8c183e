namespace PgSnap.Restore.Backup;

/// <summary>What the safety backup step did.</summary>
public enum SafetyBackupStatus
{
    /// <summary>The restore is not destructive (no --clean / --force): nothing to protect.</summary>
    NotNeeded,

    /// <summary>The target holds no user objects: nothing to protect.</summary>
    EmptyTarget,

    /// <summary>--no-safety-backup: the target holds user objects and no backup was taken (warn).</summary>
    Skipped,

    /// <summary>The backup was written and verified.</summary>
    Taken,
}

/// <summary>The result of <see cref="SafetyBackup.TakeAsync"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Path">The verified backup's path when <see cref="SafetyBackupStatus.Taken"/>.</param>
/// <param name="UserObjects">User objects found in the target.</param>
/// <param name="Message">One line for the user (the path, or the warning for a skipped backup).</param>
public sealed record SafetyBackupOutcome(SafetyBackupStatus Status, string? Path, long UserObjects, string Message);
