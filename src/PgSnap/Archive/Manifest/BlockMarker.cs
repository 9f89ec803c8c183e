using System.Text.Json.Serialization;

namespace PgSnap.Archive.Manifest;

/// <summary>The JSON of a block's first line, <c>-- pgsnap:block {…}</c>.</summary>
public sealed record BlockMarker
{
    public const string LinePrefix = ArchiveFormat.BlockLinePrefix;

    [JsonPropertyName("id")]
    public int Id { get; init; }

    [JsonPropertyName("section")]
    public string Section { get; init; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "";

    [JsonPropertyName("schema")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Schema { get; init; }

    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonPropertyName("owner")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Owner { get; init; }

    [JsonPropertyName("chunk")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Chunk { get; init; }
}
