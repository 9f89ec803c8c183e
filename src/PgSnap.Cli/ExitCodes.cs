namespace PgSnap.Cli;

/// <summary>
/// Every exit code pgsnap returns, in one place (docs/ARCHITECTURE.md, "Errors and exit codes"). README.md documents the same table.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Connection = 3;
    public const int Corrupt = 4;
    public const int RestoreFailed = 5;
    public const int Refused = 6;
    public const int Cancelled = 130;

    public static int From(PgSnapErrorKind kind) => kind switch
    {
        PgSnapErrorKind.Usage => Usage,
        PgSnapErrorKind.Connection => Connection,
        PgSnapErrorKind.Corrupt => Corrupt,
        PgSnapErrorKind.RestoreFailed => RestoreFailed,
        PgSnapErrorKind.Refused => Refused,
        _ => Failure,
    };
}
