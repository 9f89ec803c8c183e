namespace PgSnap.Dump;

/// <summary>The result of a finished dump, for the closing summary line and <c>--json</c>.</summary>
public sealed record DumpSummary
{
    /// <summary>The archive's final path, or null when it went to stdout.</summary>
    public string? File { get; init; }

    public string Compression { get; init; } = "none";

    public string Database { get; init; } = "";

    public string ServerVersion { get; init; } = "";

    public string? Snapshot { get; init; }

    public int Jobs { get; init; }

    /// <summary>Tables whose rows the archive holds.</summary>
    public int Tables { get; init; }

    /// <summary>Tables the archive defines (CREATE TABLE entries): what a schema-only dump holds.</summary>
    public int TablesDefined { get; init; }

    public long Rows { get; init; }

    public int Blocks { get; init; }

    /// <summary>Uncompressed bytes of the archive.</summary>
    public long RawBytes { get; init; }

    /// <summary>Bytes written to the file or stdout.</summary>
    public long FileBytes { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>Bytes uploaded to object storage (the whole archive once the dump completes); null for a file or stdout.</summary>
    public long? UploadedBytes { get; init; }
}
