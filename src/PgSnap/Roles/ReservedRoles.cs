using PgSnap.Catalog;

namespace PgSnap.Roles;

/// <summary>
/// Roles a roles script never creates or alters: PostgreSQL's built-in <c>pg_*</c> roles always, and in the Supabase
/// profile the roles the platform provisions (the Supabase CLI's reserved list, plus later platform roles and every
/// <c>pgsodium_*</c> role), whose lines are written commented out as <c>supabase db dump --role-only</c> does.
/// </summary>
internal static class ReservedRoles
{
    /// <summary>Platform roles added after the CLI's list was fixed (seen in CLI 2.6x role dumps).</summary>
    private static readonly string[] s_laterPlatformRoles = ["supabase_etl_admin", "supabase_privileged_role"];

    /// <summary>
    /// Settings the platform lets a project change even on its reserved roles (supautils' allowed configs, as the
    /// CLI's role dump keeps them): <c>ALTER ROLE authenticator SET pgrst.db_schemas …</c> stays active.
    /// </summary>
    private static readonly string[] s_allowedSettingPrefixes = ["pgaudit.", "pgrst."];

    private static readonly string[] s_allowedSettings = ["session_replication_role", "statement_timeout", "track_io_timing"];

    /// <summary>PostgreSQL's predefined roles: they exist in every cluster and are never written.</summary>
    public static bool IsBuiltIn(string role) => role.StartsWith("pg_", StringComparison.Ordinal);

    /// <summary>A role the Supabase platform owns.</summary>
    public static bool IsSupabaseReserved(string role) =>
        SupabaseProfile.ReservedRoles.Contains(role)
        || Array.IndexOf(s_laterPlatformRoles, role) >= 0
        || role.StartsWith("pgsodium_", StringComparison.Ordinal);

    /// <summary>A setting a project may keep on a Supabase reserved role.</summary>
    public static bool IsAllowedSupabaseSetting(string name)
    {
        foreach (var prefix in s_allowedSettingPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return Array.IndexOf(s_allowedSettings, name) >= 0;
    }
}
