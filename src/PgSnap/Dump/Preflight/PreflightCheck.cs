namespace PgSnap.Dump.Preflight;

/// <summary>Which precondition of a dump a <see cref="PreflightProblem"/> is about.</summary>
public enum PreflightCheck
{
    /// <summary>The output folder is missing or not writable.</summary>
    OutputFolder,

    /// <summary>The dump's estimated size against the folder's free space.</summary>
    DiskSpace,

    /// <summary>A selected schema, table, sequence or large object the connecting role cannot read.</summary>
    Privilege,

    /// <summary>The server's major version is not one PgSnap knows.</summary>
    ServerVersion,

    /// <summary>Tables whose rows row-level security would filter for the connecting role.</summary>
    RowSecurity,
}
