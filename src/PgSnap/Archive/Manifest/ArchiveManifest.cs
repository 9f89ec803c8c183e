using System.Text.Json.Serialization;

namespace PgSnap.Archive.Manifest;

/// <summary>The manifest: the archive's own table of contents, written after every other block.</summary>
public sealed record ArchiveManifest
{
    public const string LinePrefix = ArchiveFormat.ManifestLinePrefix;

    [JsonPropertyName("format")]
    public int Format { get; init; } = 1;

    [JsonPropertyName("snapshot")]
    public string? Snapshot { get; init; }

    [JsonPropertyName("finished_utc")]
    public DateTimeOffset FinishedUtc { get; init; }

    [JsonPropertyName("blocks")]
    public IReadOnlyList<BlockRecord> Blocks { get; init; } = [];

    [JsonPropertyName("tables")]
    public IReadOnlyList<TableRecord> Tables { get; init; } = [];

    /// <summary>
    /// The objects the archive holds with digests of definition, owner, privileges and comment, for
    /// <c>verify --against</c>; null in archives written before this list existed (docs/FORMAT.md, "Objects").
    /// </summary>
    [JsonPropertyName("objects")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ObjectRecord>? Objects { get; init; }

    /// <summary>
    /// False when valid JSON still lacks what every manifest has (a damaged file can turn a list into <c>null</c>):
    /// such a manifest is unreadable, never half-used.
    /// </summary>
    [JsonIgnore]
    public bool IsWellFormed =>
        Blocks is not null && Tables is not null && Blocks.All(static b => b is not null)
        && Tables.All(static t => t is not null && t.Name is not null) && (Objects is null || Objects.All(static o => o is not null));
}
