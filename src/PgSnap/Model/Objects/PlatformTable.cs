namespace PgSnap.Model.Objects;

/// <summary>
/// A table of a platform-managed schema (Supabase's storage.objects, auth.users…) that the dump does not define but
/// names, because the project hung policies on it.
/// </summary>
internal sealed record PlatformTable(uint Oid, string Schema, string Name, char Kind, string Owner);
