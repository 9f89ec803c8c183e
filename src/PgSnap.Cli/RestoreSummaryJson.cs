using System.Text.Json.Serialization;
using PgSnap.Restore;

namespace PgSnap.Cli;

/// <summary>The one-object <c>--json</c> summary of a finished (or dry-run) restore.</summary>
internal sealed record RestoreSummaryJson
{
    [JsonPropertyName("source")]
    public string Source { get; init; } = "";

    [JsonPropertyName("format")]
    public string Format { get; init; } = "";

    [JsonPropertyName("statements")]
    public long Statements { get; init; }

    [JsonPropertyName("skipped")]
    public long Skipped { get; init; }

    [JsonPropertyName("rows")]
    public long Rows { get; init; }

    [JsonPropertyName("bytes")]
    public long Bytes { get; init; }

    [JsonPropertyName("jobs")]
    public int Jobs { get; init; }

    [JsonPropertyName("seconds")]
    public double Seconds { get; init; }

    [JsonPropertyName("dry_run")]
    public bool DryRun { get; init; }

    /// <summary>User objects of the target the archive does not hold, which the restore left in place.</summary>
    [JsonPropertyName("left_in_place")]
    public IReadOnlyList<string> LeftInPlace { get; init; } = [];

    public static RestoreSummaryJson From(RestoreSummary s) => new()
    {
        Source = s.Source,
        Format = s.Format,
        Statements = s.Statements,
        Skipped = s.Skipped,
        Rows = s.Rows,
        Bytes = s.Bytes,
        Jobs = s.Jobs,
        Seconds = Math.Round(s.Elapsed.TotalSeconds, 3),
        DryRun = s.DryRun,
        LeftInPlace = s.LeftInPlace,
    };
}
