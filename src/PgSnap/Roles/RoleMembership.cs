namespace PgSnap.Roles;

/// <summary>
/// One row of <c>pg_auth_members</c>: <paramref name="Role"/> is granted to <paramref name="Member"/>.
/// </summary>
/// <param name="Grantor">The granting role, or null when it no longer exists (servers before 16 keep dangling OIDs).</param>
/// <param name="Inherit">The grant's INHERIT option (PostgreSQL 16+), null before 16.</param>
/// <param name="Set">The grant's SET option (PostgreSQL 16+), null before 16.</param>
public sealed record RoleMembership(string Role, string Member, string? Grantor, bool Admin, bool? Inherit, bool? Set);
