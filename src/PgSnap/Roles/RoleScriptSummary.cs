namespace PgSnap.Roles;

/// <summary>What a roles script holds.</summary>
/// <param name="File">The file written, or null for a stream.</param>
/// <param name="Roles">Roles written (commented-out reserved roles included).</param>
/// <param name="Reserved">Of those, Supabase reserved roles written commented out.</param>
/// <param name="Memberships">GRANT role TO member statements written.</param>
/// <param name="Settings">ALTER ROLE … SET statements written.</param>
public sealed record RoleScriptSummary(string? File, int Roles, int Reserved, int Memberships, int Settings, bool SettingsReadable);
