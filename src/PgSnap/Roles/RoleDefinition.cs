namespace PgSnap.Roles;

/// <summary>
/// One role as <c>pg_roles</c> shows it to any user (never its password: pg_roles masks it, and PgSnap never reads
/// pg_authid).
/// </summary>
/// <param name="ValidUntil">The expiry as an ISO timestamp in UTC (or infinity), null when none is set.</param>
/// <param name="Comment">The role's comment from pg_shdescription, or null.</param>
public sealed record RoleDefinition(
    string Name,
    bool Superuser,
    bool Inherit,
    bool CreateRole,
    bool CreateDb,
    bool Login,
    bool Replication,
    bool BypassRls,
    int ConnectionLimit,
    string? ValidUntil,
    string? Comment);
