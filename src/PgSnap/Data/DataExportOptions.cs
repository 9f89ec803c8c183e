namespace PgSnap.Data;

/// <summary>How the data workers build blocks.</summary>
internal sealed record DataExportOptions
{
    /// <summary>Uncompressed size at which a data block is cut (at a row boundary).</summary>
    public int BlockSize { get; init; } = 8 * 1024 * 1024;

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
