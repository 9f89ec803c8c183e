namespace PgSnap.Restore;

/// <summary>What a finished restore did.</summary>
/// <param name="Source">The archive's path or "stdin".</param>
/// <param name="Format">"pgsnap", "pg_dump" or "sql".</param>
/// <param name="Statements">Statements executed (or listed, with --dry-run).</param>
/// <param name="Skipped">Statements skipped by --no-owner / --no-acl / same-database \connect.</param>
/// <param name="Rows">COPY rows sent.</param>
/// <param name="Bytes">Uncompressed bytes read.</param>
/// <param name="Jobs">Connections used.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="DryRun">Nothing was sent.</param>
public sealed record RestoreSummary(string Source, string Format, long Statements, long Skipped, long Rows, long Bytes, int Jobs, TimeSpan Elapsed, bool DryRun)
{
    /// <summary>
    /// User objects of the target that the archive does not hold ("table public.audit"): a restore over a non-empty
    /// target leaves them in place.
    /// </summary>
    public IReadOnlyList<string> LeftInPlace { get; init; } = [];

    /// <summary>What a selective restore left out and why (a foreign key to a table neither restored nor present).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>For a selective restore of a PgSnap archive: bytes of the file read (blocks as stored, manifest, footer).</summary>
    public long? ArchiveBytesRead { get; init; }

    /// <summary>With <see cref="ArchiveBytesRead"/>: the archive's size (a file's or an object's).</summary>
    public long? ArchiveLength { get; init; }
}
