namespace PgSnap.Cli.Commands;

/// <summary>
/// pg_dump's <c>-F/--format</c>. pgsnap writes plain SQL only (what <c>psql -f</c> restores too), so scripts that
/// say <c>-F p</c> run unchanged, and one that asks for a pg_restore-only format is told what to use instead rather
/// than getting a file that is not what its name and its next step expect.
/// </summary>
internal static class DumpFormat
{
    public static void Check(string? format)
    {
        switch (format?.Trim().ToLowerInvariant())
        {
            case null or "" or "p" or "plain":
                return;
            case "c" or "custom" or "d" or "directory" or "t" or "tar":
                throw new PgSnapException(
                    PgSnapErrorKind.Usage,
                    $"format \"{format}\" is pg_restore's; pgsnap writes plain SQL only (-F p): compress it with -Z gzip|lz4|zstd (.sql.gz, .sql.lz4, .sql.zst), restore it with pgsnap restore (parallel, selective with -t/-n/-L) or psql");
            default:
                throw new PgSnapException(PgSnapErrorKind.Usage, $"invalid output format \"{format}\": pgsnap writes p (plain)");
        }
    }
}
