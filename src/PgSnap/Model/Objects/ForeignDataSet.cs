namespace PgSnap.Model.Objects;

/// <summary>What the foreign-data reader found: wrappers, then servers with their user mappings.</summary>
internal sealed record ForeignDataSet(IReadOnlyList<ForeignDataWrapperRecord> Wrappers, IReadOnlyList<ForeignServerRecord> Servers);
