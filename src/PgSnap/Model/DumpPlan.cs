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
    IReadOnlyList<DdlEntry> PostData);
