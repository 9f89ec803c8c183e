namespace PgSnap.Model.Objects;

/// <summary>The post-data objects hanging off dumped relations that the index reader found: key constraints, indexes, statistics.</summary>
/// <param name="Constraints">Primary key, unique, exclusion and foreign key constraints, by name.</param>
/// <param name="Indexes">Indexes, by name.</param>
internal sealed record IndexSet(IReadOnlyList<KeyConstraintRecord> Constraints, IReadOnlyList<IndexRecord> Indexes, IReadOnlyList<StatisticsRecord> Statistics);
