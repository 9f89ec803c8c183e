using System.Text.Json.Serialization;
using PgSnap.Archive.Manifest;

namespace PgSnap.Verify;

/// <summary>What <c>pgsnap verify</c> found; also its <c>--json</c> document (README.md documents the shape).</summary>
public sealed record VerifyReport
{
    [JsonPropertyName("source")]
    public string Source { get; init; } = "";

    /// <summary>pgsnap or pg_dump.</summary>
    [JsonPropertyName("format")]
    public string Format { get; init; } = "";

    /// <summary>none, gzip, lz4 or zstd.</summary>
    [JsonPropertyName("compression")]
    public string Compression { get; init; } = "";

    /// <summary>True only when nothing in <see cref="Problems"/>.</summary>
    [JsonPropertyName("ok")]
    public bool Ok => Problems.Count == 0;

    /// <summary>
    /// <c>--quick</c>: only the ends were read (completion marker, manifest, header block); the other blocks' checksums
    /// were not checked and the row counts are the manifest's, not recounted.
    /// </summary>
    [JsonPropertyName("quick")]
    public bool Quick { get; init; }

    /// <summary>The completion marker (PgSnap footer, or pg_dump's "dump complete" trailer) is present and last.</summary>
    [JsonPropertyName("complete")]
    public bool Complete { get; init; }

    [JsonPropertyName("header")]
    public ArchiveHeader? Header { get; init; }

    [JsonPropertyName("finished_utc")]
    public DateTimeOffset? FinishedUtc { get; init; }

    /// <summary>Blocks read from the stream (PgSnap) or statements (pg_dump).</summary>
    [JsonPropertyName("blocks")]
    public int Blocks { get; init; }

    [JsonPropertyName("statements")]
    public long Statements { get; init; }

    [JsonPropertyName("uncompressed_bytes")]
    public long UncompressedBytes { get; init; }

    [JsonPropertyName("tables")]
    public IReadOnlyList<VerifiedTable> Tables { get; init; } = [];

    [JsonPropertyName("first_bad_block")]
    public BadBlock? FirstBadBlock { get; init; }

    [JsonPropertyName("problems")]
    public IReadOnlyList<VerifyProblem> Problems { get; init; } = [];

    /// <summary>Findings that do not make the archive unusable (e.g. a file that group or others can read).</summary>
    [JsonPropertyName("warnings")]
    public IReadOnlyList<string> Warnings { get; init; } = [];

    [JsonPropertyName("required")]
    public IReadOnlyList<RequiredTableResult> Required { get; init; } = [];

    [JsonPropertyName("against")]
    public LiveComparison? Against { get; init; }

    /// <summary>The error kind the CLI maps to an exit code: Corrupt (4) for a damaged or incomplete archive, else Failure (1); null when ok.</summary>
    [JsonIgnore]
    public PgSnapErrorKind? ErrorKind =>
        Problems.Count == 0 ? null
        : Problems.Any(static p => p.IsArchiveDamage) ? PgSnapErrorKind.Corrupt
        : PgSnapErrorKind.Failure;
}

/// <summary>One table found in the archive, with the manifest's row count (PgSnap) and the count verify made itself.</summary>
public sealed record VerifiedTable
{
    [JsonPropertyName("schema")]
    public string? Schema { get; init; }

    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>Rows the manifest records; null for pg_dump files.</summary>
    [JsonPropertyName("manifest_rows")]
    public long? ManifestRows { get; init; }

    /// <summary>Rows recounted from the data (COPY lines up to <c>\.</c>, INSERTed rows).</summary>
    [JsonPropertyName("rows")]
    public long Rows { get; init; }

    [JsonIgnore]
    public string QualifiedName => Schema is null ? Name : $"{Schema}.{Name}";
}

/// <summary>The first block that fails a check, as the manifest (or, before it, the block's marker) describes it.</summary>
public sealed record BadBlock
{
    [JsonPropertyName("id")]
    public int? Id { get; init; }

    [JsonPropertyName("section")]
    public string? Section { get; init; }

    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("schema")]
    public string? Schema { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Byte offset of the block in the file (compressed); null when the manifest that knows it is missing.</summary>
    [JsonPropertyName("offset")]
    public long? Offset { get; init; }

    /// <summary>Byte offset of the block in the uncompressed text.</summary>
    [JsonPropertyName("raw_offset")]
    public long RawOffset { get; init; }

    [JsonPropertyName("problem")]
    public string Problem { get; init; } = "";

    /// <summary>A block as its manifest record describes it (no problem set yet).</summary>
    internal static BadBlock From(Archive.Manifest.BlockRecord record) => new()
    {
        Id = record.Id,
        Section = record.Section,
        Kind = record.Kind,
        Schema = record.Schema,
        Name = record.Name,
        Offset = record.Offset,
        RawOffset = record.RawOffset,
    };

    /// <summary>"block 12 (TABLE DATA public.clients) at byte 4096".</summary>
    public string Describe() => Archive.Reading.BlockDescription.Of(Id, Kind, Schema, Name, Offset, RawOffset);
}

/// <summary>One failed check.</summary>
public sealed record VerifyProblem
{
    /// <summary>checksum, rows, structure, incomplete, decompression, manifest, required, against.</summary>
    [JsonPropertyName("code")]
    public string Code { get; init; } = "";

    [JsonPropertyName("message")]
    public string Message { get; init; } = "";

    /// <summary>The archive itself is damaged or incomplete (exit 4), as opposed to a content requirement (exit 1).</summary>
    [JsonIgnore]
    public bool IsArchiveDamage => Code is not ("required" or "against");
}

/// <summary>The result of one <c>--require-table</c>.</summary>
public sealed record RequiredTableResult
{
    [JsonPropertyName("table")]
    public string Table { get; init; } = "";

    [JsonPropertyName("present")]
    public bool Present { get; init; }

    [JsonPropertyName("rows")]
    public long? Rows { get; init; }
}

/// <summary>The archive's tables and row counts next to a live database's (<c>--against</c>).</summary>
public sealed record LiveComparison
{
    [JsonPropertyName("database")]
    public string Database { get; init; } = "";

    [JsonPropertyName("tables_compared")]
    public int TablesCompared { get; init; }

    [JsonPropertyName("differences")]
    public IReadOnlyList<TableDifference> Differences { get; init; } = [];

    /// <summary>Live tables (schema.name) the archive lacks because the dump's options left them out on purpose.</summary>
    [JsonPropertyName("left_out_by_options")]
    public IReadOnlyList<string> LeftOutByOptions { get; init; } = [];

    /// <summary>Objects the archive's object list holds, compared with the live database's; null when not compared.</summary>
    [JsonPropertyName("objects_compared")]
    public int? ObjectsCompared { get; init; }

    /// <summary>One line per object missing on a side or whose definition, owner, privileges or comment differs.</summary>
    [JsonPropertyName("object_differences")]
    public IReadOnlyList<string> ObjectDifferences { get; init; } = [];

    /// <summary>Why objects were not compared (stdin, or an archive without an object list); null when they were.</summary>
    [JsonPropertyName("objects_note")]
    public string? ObjectsNote { get; init; }
}

/// <summary>A table whose presence or row count differs; a null count means the table is absent on that side.</summary>
public sealed record TableDifference
{
    [JsonPropertyName("schema")]
    public string Schema { get; init; } = "";

    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("archive_rows")]
    public long? ArchiveRows { get; init; }

    [JsonPropertyName("live_rows")]
    public long? LiveRows { get; init; }
}
