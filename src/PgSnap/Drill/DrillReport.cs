using System.Text.Json.Serialization;

namespace PgSnap.Drill;

/// <summary>
/// The result of one restore drill, written beside the archive as <c>ARCHIVE.drill.json</c>, where <c>list</c> and
/// <c>prune</c> read it (prune keeps the newest archive whose drill passed; a sidecar without a boolean
/// <c>passed</c> counts as failed).
/// </summary>
/// <remarks>
/// The file's shape (a contract with Retention/; fields beyond these may be added, never renamed):
/// <code>
/// {
///   "archive": "backup_prod_20261125_210000_pre-migration.sql.gz",   // the archive's file name, no folder
///   "passed": true,
///   "started_utc": "2026-11-25T21:00:00+00:00",
///   "finished_utc": "2026-11-25T21:00:09+00:00",
///   "scratch_database": "pgsnap_drill_20261125_210000_4f2a",
///   "scratch_kept": false,
///   "against": "postgres@db.example.com:5432/app",                  // --against, password-free; null without it
///   "tables": [ { "schema": "public", "name": "clients", "expected_rows": 11, "actual_rows": 11, "source_rows": 11, "ok": true } ],
///   "sequences_ok": true,
///   "sequences": [ { "name": "public.clients_id_seq", "expected": 11, "actual": 11, "ok": true } ],
///   "errors": [ "…one line per problem…" ]
/// }
/// </code>
/// <c>expected_rows</c> is the manifest's count (null for a table the archive holds no data for);
/// <c>actual_rows</c> is null when the table is missing after the restore; <c>source_rows</c> only with --against.
/// A sequence's <c>expected</c>/<c>actual</c> is its last value, or null when it was never called.
/// </remarks>
public sealed record DrillReport
{
    /// <summary>Suffix appended to the archive's file name for the sidecar.</summary>
    public const string Suffix = ".drill.json";

    [JsonPropertyName("archive")]
    public string Archive { get; init; } = "";

    [JsonPropertyName("passed")]
    public bool Passed { get; init; }

    [JsonPropertyName("started_utc")]
    public DateTimeOffset StartedUtc { get; init; }

    [JsonPropertyName("finished_utc")]
    public DateTimeOffset FinishedUtc { get; init; }

    [JsonPropertyName("scratch_database")]
    public string? ScratchDatabase { get; init; }

    [JsonPropertyName("scratch_kept")]
    public bool ScratchKept { get; init; }

    [JsonPropertyName("against")]
    public string? Against { get; init; }

    [JsonPropertyName("tables")]
    public IReadOnlyList<DrillTableResult> Tables { get; init; } = [];

    [JsonPropertyName("sequences_ok")]
    public bool SequencesOk { get; init; }

    [JsonPropertyName("sequences")]
    public IReadOnlyList<DrillSequenceResult> Sequences { get; init; } = [];

    /// <summary>
    /// With --against: objects of the live source (selected with the dump's options) compared with the restored copy
    /// by identity, definition, owner, privileges and comment; null without --against. Differences are in errors.
    /// </summary>
    [JsonPropertyName("objects_compared")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ObjectsCompared { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>What kind of failure a failed drill is (the CLI's exit code); not written to the file.</summary>
    [JsonIgnore]
    public PgSnapErrorKind? FailureKind { get; init; }

    /// <summary>The sidecar path of an archive.</summary>
    public static string PathFor(string archivePath) => archivePath + Suffix;
}

/// <summary>One table of a drill: the manifest's row count against the scratch copy's (and the live source's).</summary>
public sealed record DrillTableResult
{
    [JsonPropertyName("schema")]
    public string Schema { get; init; } = "";

    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("expected_rows")]
    public long? ExpectedRows { get; init; }

    [JsonPropertyName("actual_rows")]
    public long? ActualRows { get; init; }

    [JsonPropertyName("source_rows")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? SourceRows { get; init; }

    [JsonPropertyName("ok")]
    public bool Ok { get; init; }
}

/// <summary>One sequence of a drill: the archive's SEQUENCE SET value against the scratch copy's.</summary>
public sealed record DrillSequenceResult
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("expected")]
    public long? Expected { get; init; }

    [JsonPropertyName("actual")]
    public long? Actual { get; init; }

    [JsonPropertyName("ok")]
    public bool Ok { get; init; }
}
