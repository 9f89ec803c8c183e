using System.Text.Json.Serialization;
using PgSnap.Dump;

namespace PgSnap.Cli;

/// <summary>The one-object <c>--json</c> summary of a finished dump.</summary>
internal sealed record DumpSummaryJson
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "ok";

    /// <summary>Final path of the archive, or null when it went to stdout.</summary>
    [JsonPropertyName("file")]
    public string? File { get; init; }

    [JsonPropertyName("compression")]
    public string Compression { get; init; } = "";

    [JsonPropertyName("database")]
    public string Database { get; init; } = "";

    [JsonPropertyName("server_version")]
    public string ServerVersion { get; init; } = "";

    [JsonPropertyName("snapshot")]
    public string? Snapshot { get; init; }

    [JsonPropertyName("jobs")]
    public int Jobs { get; init; }

    [JsonPropertyName("tables")]
    public int Tables { get; init; }

    [JsonPropertyName("rows")]
    public long Rows { get; init; }

    [JsonPropertyName("blocks")]
    public int Blocks { get; init; }

    [JsonPropertyName("raw_bytes")]
    public long RawBytes { get; init; }

    [JsonPropertyName("file_bytes")]
    public long FileBytes { get; init; }

    [JsonPropertyName("elapsed_seconds")]
    public double ElapsedSeconds { get; init; }

    /// <summary>Bytes uploaded to object storage; absent for a file or stdout.</summary>
    [JsonPropertyName("uploaded_bytes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? UploadedBytes { get; init; }

    public static DumpSummaryJson From(DumpSummary s) => new()
    {
        File = s.File,
        Compression = s.Compression,
        Database = s.Database,
        ServerVersion = s.ServerVersion,
        Snapshot = s.Snapshot,
        Jobs = s.Jobs,
        Tables = s.Tables,
        Rows = s.Rows,
        Blocks = s.Blocks,
        RawBytes = s.RawBytes,
        FileBytes = s.FileBytes,
        ElapsedSeconds = Math.Round(s.Elapsed.TotalSeconds, 3),
        UploadedBytes = s.UploadedBytes,
    };
}

/// <summary>Source-generated JSON for the CLI's machine-readable output (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(DumpSummaryJson))]
[JsonSerializable(typeof(RestoreSummaryJson))]
internal sealed partial class ProgressJsonContext : JsonSerializerContext;
