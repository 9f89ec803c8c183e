namespace PgSnap.Model.Objects;

/// <summary>A user mapping of a foreign server (pg_user_mappings); <paramref name="User"/> is "public" for PUBLIC.</summary>
internal sealed record UserMappingRecord(uint Oid, string User, string[]? Options);
