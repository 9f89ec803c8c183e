namespace PgSnap.Model.Objects;

/// <summary>A user collation (pg_collation) of a dumped schema.</summary>
internal sealed record CollationRecord(uint Oid, string Schema, string Name, string Owner, CollationDefinition Definition, Description Description);
