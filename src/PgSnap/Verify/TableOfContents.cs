using System.Text.Json.Serialization;

namespace PgSnap.Verify;

/// <summary>What <c>pgsnap list</c> prints, like <c>pg_restore -l</c>; also its <c>--json</c> document.</summary>
public sealed record TableOfContents
{
    [JsonPropertyName("source")]
    public string Source { get; init; } = "";

    /// <summary>pgsnap or pg_dump.</summary>
    [JsonPropertyName("format")]
    public string Format { get; init; } = "";

    [JsonPropertyName("compression")]
    public string Compression { get; init; } = "";

    /// <summary>True when the list comes from a manifest the footer vouches for; false when rebuilt from a pass over the text.</summary>
    [JsonPropertyName("from_manifest")]
    public bool FromManifest { get; init; }

    /// <summary>The drill sidecar's verdict: passed, failed, or null when never drilled.</summary>
    [JsonPropertyName("drill")]
    public string? Drill { get; init; }

    /// <summary>
    /// What the dump's coverage audit found and the archive does not hold (dumped with --allow-uncovered); null when
    /// the header records nothing (docs/FORMAT.md, "Coverage").
    /// </summary>
    [JsonPropertyName("uncovered")]
    public IReadOnlyList<string>? Uncovered { get; init; }

    [JsonPropertyName("entries")]
    public IReadOnlyList<TocEntry> Entries { get; init; } = [];
}

/// <summary>
/// One entry: a block of a PgSnap archive, or an object / a COPY of a pg_dump file. Its fields are the manifest's
/// <see cref="Archive.Manifest.BlockRecord"/> ones that `list` shows (its documented JSON keeps <c>bytes</c> for the
/// uncompressed length and leaves offsets and checksums out, and pg_dump entries have no id), so it is its own record.
/// </summary>
public sealed record TocEntry
{
    /// <summary>The entry for one manifest block.</summary>
    public static TocEntry From(Archive.Manifest.BlockRecord block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return new TocEntry
        {
            Id = block.Id,
            Section = block.Section,
            Kind = block.Kind,
            Schema = block.Schema,
            Name = block.Name,
            Owner = block.Owner,
            Chunk = block.Chunk,
            Rows = block.Rows,
            Bytes = block.RawLength,
        };
    }

    [JsonPropertyName("id")]
    public int? Id { get; init; }

    /// <summary>header, pre-data, data or post-data.</summary>
    [JsonPropertyName("section")]
    public string Section { get; init; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "";

    [JsonPropertyName("schema")]
    public string? Schema { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("owner")]
    public string? Owner { get; init; }

    [JsonPropertyName("chunk")]
    public int? Chunk { get; init; }

    /// <summary>Rows of a data entry.</summary>
    [JsonPropertyName("rows")]
    public long? Rows { get; init; }

    /// <summary>Uncompressed bytes.</summary>
    [JsonPropertyName("bytes")]
    public long Bytes { get; init; }
}
