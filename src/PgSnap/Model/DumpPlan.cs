namespace PgSnap.Model;

/// <summary>
/// Everything the schema side of a dump hands to the writer, already in a safe order:
/// pre-data DDL, the tables whose rows are copied, data-section DDL (sequence values, large objects),
/// then post-data DDL (indexes, constraints, triggers, policies, materialized view refreshes…).
/// </summary>
public sealed record DumpPlan(
    IReadOnlyList<DdlEntry> PreData,
    IReadOnlyList<TableDataEntry> TableData,
    IReadOnlyList<DdlEntry> DataDdl,
    IReadOnlyList<DdlEntry> PostData)
{
    /// <summary>
    /// What the coverage audit found in the database that this plan leaves out and no option explains, named by
    /// pg_describe_object (docs/FORMAT.md, "Coverage"). Non-empty only under --allow-uncovered: otherwise the
    /// planner refuses.
    /// </summary>
    public IReadOnlyList<string> Uncovered { get; init; } = [];

    /// <summary>The objects this plan writes with their digests, for the manifest (null: not recorded).</summary>
    public IReadOnlyList<Archive.Manifest.ObjectRecord>? Objects { get; init; }

    /// <summary>Time the coverage audit took (inventory queries, digests and comparison).</summary>
    public TimeSpan CoverageElapsed { get; init; }
}
