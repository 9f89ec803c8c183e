namespace PgSnap.Data;

/// <summary>How the data workers build blocks.</summary>
internal sealed record DataExportOptions
{
    /// <summary>
    /// Uncompressed size at which a data block is cut (at a row boundary). 64 KiB under 4 MiB so that a block
    /// and its compressed form (LZ4's bound, gzip's few bytes of growth on incompressible rows) each fit one
    /// 4 MiB pooled array instead of growing into an 8 MiB one.
    /// </summary>
    public int BlockSize { get; init; } = DefaultBlockSize;

    /// <summary>See <see cref="BlockSize"/>.</summary>
    public const int DefaultBlockSize = (4 * 1024 * 1024) - (64 * 1024);

    /// <summary>
    /// Blocks one worker may have encoding at once. Above 1 for compressed dumps with fewer workers than cores, so
    /// that compression runs on every core even at <c>-j 1</c>.
    /// </summary>
    public int EncodersPerWorker { get; init; } = 1;

    /// <summary>ALTER TABLE … DISABLE/ENABLE TRIGGER ALL around each block (data-only dumps).</summary>
    public bool DisableTriggers { get; init; }

    /// <summary>0 = COPY; otherwise INSERT mode.</summary>
    public InsertMode Inserts { get; init; }

    public int RowsPerInsert { get; init; } = 1;

    public bool OnConflictDoNothing { get; init; }
}

/// <summary>How rows are written: COPY (the default) or INSERT statements with or without column names.</summary>
internal enum InsertMode
{
    None,
    Values,
    ColumnValues,
}
