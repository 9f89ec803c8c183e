namespace PgSnap.Catalog;

/// <summary>
/// Facts about a Supabase project's database (taken from the Supabase CLI's dump lists): the schemas the platform
/// and its extensions manage, and the roles it reserves.
/// </summary>
internal static class SupabaseProfile
{
    /// <summary>Schemas left out of schema dumps (psql-style patterns).</summary>
    public static readonly string[] ManagedSchemas =
    [
        "information_schema", "pg_*", "_analytics", "_realtime", "_supavisor", "auth", "extensions", "pgbouncer",
        "realtime", "storage", "supabase_functions", "supabase_migrations", "cron", "dbdev", "graphql",
        "graphql_public", "net", "pgmq", "pgsodium", "pgsodium_masks", "pgtle", "repack", "tiger", "tiger_data",
        "timescaledb_*", "_timescaledb_*", "topology", "vault",
    ];

    /// <summary>
    /// Schemas left out of data dumps: data of auth, storage, supabase_functions, cron, net and pgmq is kept so a
    /// project can be moved.
    /// </summary>
    public static readonly string[] DataExcludedSchemas =
    [
        "information_schema", "pg_*", "graphql", "graphql_public", "pgsodium", "pgsodium_masks", "pgtle", "repack",
        "tiger", "tiger_data", "timescaledb_*", "_timescaledb_*", "topology", "vault", "extensions", "pgbouncer",
        "realtime", "supabase_migrations", "_analytics", "_realtime", "_supavisor",
    ];

    /// <summary>Tables whose rows the platform owns even in schemas whose data is kept.</summary>
    public static readonly string[] DataExcludedTables =
    [
        "auth.schema_migrations", "storage.migrations", "supabase_functions.migrations",
    ];

    /// <summary>Roles the platform creates; a dump never creates, drops or re-owns to them.</summary>
    public static readonly HashSet<string> ReservedRoles = new(StringComparer.Ordinal)
    {
        "anon", "authenticated", "authenticator", "dashboard_user", "pgbouncer", "postgres", "service_role",
        "supabase_admin", "supabase_auth_admin", "supabase_functions_admin", "supabase_read_only_user",
        "supabase_realtime_admin", "supabase_replication_admin", "supabase_storage_admin", "pgsodium_keyholder",
        "pgsodium_keyiduser", "pgsodium_keymaker", "pgtle_admin",
    };

    /// <summary>Roles whose objects belong to the platform, not to the project.</summary>
    public static readonly HashSet<string> PlatformOwners = new(StringComparer.Ordinal)
    {
        "supabase_admin", "supabase_auth_admin", "supabase_storage_admin", "supabase_functions_admin",
        "supabase_realtime_admin", "supabase_replication_admin", "supabase_read_only_user", "dashboard_user",
        "pgsodium_keyholder", "pgsodium_keyiduser", "pgsodium_keymaker", "pgtle_admin",
    };
}
