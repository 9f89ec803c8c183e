using System.Text.Json.Serialization;

namespace PgSnap.Retention;

/// <summary>The <c>pgsnap prune --json</c> document; README.md documents its shape.</summary>
public sealed record PruneReport
{
    [JsonPropertyName("directory")]
    public string Directory { get; init; } = "";

    [JsonPropertyName("archive_directory")]
    public string? ArchiveDirectory { get; init; }

    [JsonPropertyName("dry_run")]
    public bool DryRun { get; init; }

    [JsonPropertyName("policy")]
    public PrunePolicyReport Policy { get; init; } = new();

    [JsonPropertyName("files")]
    public IReadOnlyList<PruneFileReport> Files { get; init; } = [];

    [JsonPropertyName("summary")]
    public PruneSummary Summary { get; init; } = new();

    /// <summary>Builds the report of a plan.</summary>
    public static PruneReport From(string directory, RetentionOptions options, bool dryRun, IReadOnlyList<PruneDecision> plan)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(plan);
        var files = new List<PruneFileReport>(plan.Count);
        int keep = 0, move = 0, delete = 0, skip = 0;
        foreach (var d in plan)
        {
            switch (d.Action)
            {
                case PruneAction.Keep: keep++; break;
                case PruneAction.Move: move++; break;
                case PruneAction.Delete: delete++; break;
                default: skip++; break;
            }

            files.Add(new PruneFileReport
            {
                Path = d.File.Path,
                File = d.File.FileName,
                Action = ActionWord(d.Action),
                Reasons = d.Reasons,
                Env = d.File.Name?.Env,
                Kind = d.File.Name is { } n ? BackupName.KindWord(n.Kind) : null,
                TimestampUtc = d.File.Name?.TimestampUtc,
                Complete = d.File.IsComplete,
                Partial = d.File.IsPartial,
                Drill = d.File.Drill is null ? null : d.File.Drill.Passed ? "passed" : "failed",
                Destination = d.Destination,
            });
        }

        return new PruneReport
        {
            Directory = directory,
            ArchiveDirectory = options.ArchiveDirectory,
            DryRun = dryRun,
            Policy = new PrunePolicyReport
            {
                KeepLast = options.KeepLast,
                KeepDaily = options.KeepDaily,
                KeepWeekly = options.KeepWeekly,
                KeepMonthly = options.KeepMonthly,
                GraceSeconds = (long)options.Grace.TotalSeconds,
                DeleteIncomplete = options.DeleteIncomplete,
            },
            Files = files,
            Summary = new PruneSummary { Keep = keep, Move = move, Delete = delete, Skip = skip },
        };
    }

    /// <summary>The upper-case word the text output uses; the JSON uses it in lower case.</summary>
    public static string ActionWord(PruneAction action) => action switch
    {
        PruneAction.Keep => "keep",
        PruneAction.Move => "move",
        PruneAction.Delete => "delete",
        _ => "skip",
    };
}

/// <summary>The keep rules a prune ran with.</summary>
public sealed record PrunePolicyReport
{
    [JsonPropertyName("keep_last")]
    public int KeepLast { get; init; }

    [JsonPropertyName("keep_daily")]
    public int KeepDaily { get; init; }

    [JsonPropertyName("keep_weekly")]
    public int KeepWeekly { get; init; }

    [JsonPropertyName("keep_monthly")]
    public int KeepMonthly { get; init; }

    [JsonPropertyName("grace_seconds")]
    public long GraceSeconds { get; init; }

    [JsonPropertyName("delete_incomplete")]
    public bool DeleteIncomplete { get; init; }
}

/// <summary>One file's verdict.</summary>
public sealed record PruneFileReport
{
    [JsonPropertyName("path")]
    public string Path { get; init; } = "";

    [JsonPropertyName("file")]
    public string File { get; init; } = "";

    /// <summary>keep, move, delete or skip.</summary>
    [JsonPropertyName("action")]
    public string Action { get; init; } = "";

    [JsonPropertyName("reasons")]
    public IReadOnlyList<string> Reasons { get; init; } = [];

    [JsonPropertyName("env")]
    public string? Env { get; init; }

    /// <summary>backup, schema or data; null for unrecognized names.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("timestamp_utc")]
    public DateTime? TimestampUtc { get; init; }

    [JsonPropertyName("complete")]
    public bool Complete { get; init; }

    [JsonPropertyName("partial")]
    public bool Partial { get; init; }

    /// <summary>passed, failed, or null when the archive was never drilled.</summary>
    [JsonPropertyName("drill")]
    public string? Drill { get; init; }

    [JsonPropertyName("destination")]
    public string? Destination { get; init; }
}

/// <summary>How many files get each verdict.</summary>
public sealed record PruneSummary
{
    [JsonPropertyName("keep")]
    public int Keep { get; init; }

    [JsonPropertyName("move")]
    public int Move { get; init; }

    [JsonPropertyName("delete")]
    public int Delete { get; init; }

    [JsonPropertyName("skip")]
    public int Skip { get; init; }
}
