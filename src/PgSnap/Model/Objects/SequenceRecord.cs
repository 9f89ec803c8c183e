namespace PgSnap.Model.Objects;

/// <summary>The column owning a sequence; <paramref name="TablePersistence"/> is its table's relpersistence.</summary>
/// <param name="Table">The owning table's name when its definition is dumped, else null.</param>
internal sealed record SequenceOwner(uint TableOid, string Column, char Kind, char TablePersistence, QualifiedRelationName? Table = null);

/// <summary>A sequence's parameters (pg_sequence), owner and current value.</summary>
/// <param name="OwnedBy">The column of an OWNED BY sequence (dependency 'a').</param>
/// <param name="OwnerIdentity">The identity column that made the sequence (dependency 'i').</param>
/// <param name="PersistenceSettable">The server (15+) lets a sequence be logged or unlogged apart from its table.</param>
internal sealed record SequenceRecord(
    uint Oid, string Type, long Start, long Increment, long Max, long Min, long Cache, bool Cycle,
    SequenceOwner? OwnedBy, SequenceOwner? OwnerIdentity, long LastValue, bool IsCalled, string Schema, string Name, bool PersistenceSettable = true);
