namespace PgSnap.Model.Objects;

/// <summary>An enum type's labels, in sort order (pg_enum.enumsortorder), so labels added later keep their place.</summary>
internal sealed record EnumTypeDefinition(IReadOnlyList<string> Labels) : TypeDefinition;
