using System.Text.Json.Serialization;

namespace PgSnap.Archive.Manifest;

/// <summary>
/// The table a post-data block belongs to (an index, a constraint, a trigger, a policy, a rule on it), so a
/// parallel restore can start that block as soon as the table's data is loaded. Additive in format v1: readers
/// that do not know it ignore it.
/// </summary>
public sealed record BlockTable
{
    [JsonPropertyName("schema")]
    public string Schema { get; init; } = "";

    [JsonPropertyName("name")]
    public string Name { get; init; } = "";
}
