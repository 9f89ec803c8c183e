namespace PgSnap.Roles;

/// <summary>The cluster's roles, settings and memberships, as read by <see cref="RoleCatalogReader"/>.</summary>
/// <param name="ServerVersionNum">The source server's <c>server_version_num</c> (membership options depend on it).</param>
/// <param name="SettingsReadable">False when <c>pg_db_role_setting</c> could not be read (only per-role settings from pg_roles are known).</param>
public sealed record RoleCatalog(
    int ServerVersionNum,
    IReadOnlyList<RoleDefinition> Roles,
    IReadOnlyList<RoleSetting> Settings,
    IReadOnlyList<RoleMembership> Memberships,
    bool SettingsReadable);
