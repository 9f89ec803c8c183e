using System.Text.Json.Serialization;

namespace PgSnap.Archive.Manifest;

/// <summary>Per-table totals over all data blocks of one table.</summary>
public sealed record TableRecord
{
    [JsonPropertyName("schema")]
    public string Schema { get; init; } = "";

    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("rows")]
    public long Rows { get; init; }

    [JsonPropertyName("raw_bytes")]
    public long RawBytes { get; init; }

    [JsonPropertyName("blocks")]
    public int Blocks { get; init; }
}
