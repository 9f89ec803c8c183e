using System.Text.Json.Serialization;

namespace PgSnap.Archive.Manifest;

/// <summary>The JSON on the header block's second line. Never holds a password or a connection string.</summary>
public sealed record ArchiveHeader
{
    public const string FirstLine = ArchiveFormat.FirstLine;
    public const string LinePrefix = ArchiveFormat.HeaderLinePrefix;

    [JsonPropertyName("format")]
    public int Format { get; init; } = ArchiveFormat.Version;

    [JsonPropertyName("tool")]
    public string Tool { get; init; } = "";

    [JsonPropertyName("server_version")]
    public string ServerVersion { get; init; } = "";

    [JsonPropertyName("database")]
    public string Database { get; init; } = "";

    [JsonPropertyName("started_utc")]
    public DateTimeOffset StartedUtc { get; init; }

    /// <summary>none, gzip:LEVEL, lz4:LEVEL or zstd:LEVEL.</summary>
    [JsonPropertyName("compression")]
    public string Compression { get; init; } = "none";

    /// <summary>The dump options that shape the content (schema-only, filters, profile…), as name → value.</summary>
    [JsonPropertyName("options")]
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>What a reader must know about the content (e.g. rows filtered by row-level security); absent when none.</summary>
    [JsonPropertyName("warnings")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>
    /// What the coverage audit found in the database that this archive does not hold and no option explains (one
    /// pg_describe_object line each, e.g. "comment on function public.f()"); only present when the dump ran with
    /// --allow-uncovered and found something (docs/FORMAT.md, "Coverage").
    /// </summary>
    [JsonPropertyName("uncovered")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Uncovered { get; init; }
}
