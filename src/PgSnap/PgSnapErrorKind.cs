namespace PgSnap;

/// <summary>
/// What went wrong, at the granularity a caller maps to an exit code (docs/ARCHITECTURE.md, "Errors and exit codes").
/// The engine never exits the process; the CLI turns these into documented exit codes.
/// </summary>
public enum PgSnapErrorKind
{
    /// <summary>Any failure not covered below.</summary>
    Failure = 1,

    /// <summary>Bad arguments or options.</summary>
    Usage = 2,

    /// <summary>The server could not be reached or refused authentication.</summary>
    Connection = 3,

    /// <summary>An archive is corrupt, truncated, incomplete or of an unsupported kind.</summary>
    Corrupt = 4,

    /// <summary>A statement of a restore failed on the server.</summary>
    RestoreFailed = 5,

    /// <summary>The operation was refused to protect data (target not empty, file exists, unsafe input).</summary>
    Refused = 6,
}
