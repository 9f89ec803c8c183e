namespace PgSnap.Retention;

/// <summary>What prune does with one file.</summary>
public enum PruneAction
{
    /// <summary>Left where it is.</summary>
    Keep,

    /// <summary>Moved into the archive folder (a weekly or monthly keeper).</summary>
    Move,

    /// <summary>Deleted, with its drill sidecar.</summary>
    Delete,

    /// <summary>Not a backup by the naming convention: never touched.</summary>
    Skip,
}
