namespace PgSnap.Model.Objects;

/// <summary>Per-column statistics target of an expression index column (ALTER INDEX … ALTER COLUMN n SET STATISTICS).</summary>
internal sealed record IndexColumnStatistics(string Column, string Target);

/// <summary>An index of a dumped relation (pg_index), valid or on a partitioned table.</summary>
/// <param name="Definition">pg_get_indexdef.</param>
/// <param name="ParentOid">The partitioned index this one is attached to (0 for none).</param>
internal sealed record IndexRecord(
    uint Oid, uint RelOid, string Name, string Definition, bool Clustered, bool ReplicaIdentity, uint ParentOid,
    IReadOnlyList<IndexColumnStatistics> Statistics, string? Tablespace, Description Description);

/// <summary>An extended statistics object (pg_statistic_ext) on a dumped relation.</summary>
/// <param name="Definition">pg_get_statisticsobjdef.</param>
/// <param name="Target">stxstattarget, -1 when unset.</param>
internal sealed record StatisticsRecord(uint Oid, string Schema, string Name, string Owner, string Definition, int Target, uint RelOid, Description Description);
