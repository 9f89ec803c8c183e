namespace PgSnap.Model.Objects;

/// <summary>Row-level security of dumped relations: the tables with it enabled, and their policies by name.</summary>
internal sealed record PolicySet(IReadOnlyList<uint> RowSecurityTables, IReadOnlyList<PolicyRecord> Policies);
