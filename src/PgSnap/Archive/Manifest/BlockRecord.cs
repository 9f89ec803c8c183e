using System.Text.Json.Serialization;

namespace PgSnap.Archive.Manifest;

/// <summary>One block of an archive as the manifest records it (docs/FORMAT.md, "Manifest").</summary>
public sealed record BlockRecord
{
    [JsonPropertyName("id")]
    public int Id { get; init; }

    /// <summary>header, pre-data, data or post-data.</summary>
    [JsonPropertyName("section")]
    public string Section { get; init; } = "";

    /// <summary>pg_dump's TOC descriptor, e.g. TABLE, INDEX, TABLE DATA.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "";

    [JsonPropertyName("schema")]
    public string? Schema { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("owner")]
    public string? Owner { get; init; }

    /// <summary>0-based chunk number of a data block of a split table.</summary>
    [JsonPropertyName("chunk")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Chunk { get; init; }

    /// <summary>Offset of the block in the file (compressed bytes).</summary>
    [JsonPropertyName("offset")]
    public long Offset { get; init; }

    /// <summary>Length of the block in the file (compressed bytes).</summary>
    [JsonPropertyName("length")]
    public long Length { get; init; }

    /// <summary>Offset of the block in the uncompressed stream.</summary>
    [JsonPropertyName("raw_offset")]
    public long RawOffset { get; init; }

    [JsonPropertyName("raw_length")]
    public long RawLength { get; init; }

    /// <summary>XXH64 (seed 0) of the uncompressed bytes, 16 lowercase hex digits.</summary>
    [JsonPropertyName("xxh64")]
    public string Xxh64 { get; init; } = "";

    /// <summary>
    /// For a post-data block that hangs off one table (INDEX, CONSTRAINT, FK CONSTRAINT, TRIGGER, POLICY, RULE…),
    /// that table; null otherwise and in archives written before the field existed.
    /// </summary>
    [JsonPropertyName("table")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BlockTable? Table { get; init; }

    /// <summary>Rows in a data block; null for DDL blocks.</summary>
    [JsonPropertyName("rows")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Rows { get; init; }
}
