using PgSnap.Model;

namespace PgSnap.Roles;

/// <summary>A roles script as entries (one per role, then the memberships) and what they hold.</summary>
/// <param name="Roles">Roles written (commented-out reserved roles included).</param>
/// <param name="Reserved">Of those, Supabase reserved roles written commented out.</param>
/// <param name="Settings">ALTER ROLE … SET statements.</param>
/// <param name="Memberships">GRANT role TO member statements.</param>
internal sealed record RoleScript(IReadOnlyList<DdlEntry> Entries, int Roles, int Reserved, int Settings, int Memberships);
