namespace PgSnap.Model.Objects;

/// <summary>One ALTER DEFAULT PRIVILEGES entry (pg_default_acl) of a role, global or for one dumped schema.</summary>
/// <param name="Schema">The schema of a per-schema entry, null for a global one.</param>
/// <param name="ObjectType">defaclobjtype: r (tables), S (sequences), f (functions), T (types) or n (schemas).</param>
/// <param name="BuiltInDefaults">The built-in defaults a global entry is compared with (acldefault); null for a per-schema entry, which only adds.</param>
internal sealed record DefaultAclRecord(uint Oid, string Role, string? Schema, char ObjectType, string[]? Acl, string[]? BuiltInDefaults);
