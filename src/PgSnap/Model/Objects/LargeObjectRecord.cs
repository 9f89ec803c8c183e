namespace PgSnap.Model.Objects;

/// <summary>A large object's metadata (pg_largeobject_metadata); its content is copied by the data engine.</summary>
/// <param name="Oid">The large object's oid, which the user may have chosen (lo_create(2121)).</param>
/// <param name="DefaultAcl">The owner's default privileges (acldefault), the baseline of <paramref name="Acl"/>.</param>
internal sealed record LargeObjectRecord(uint Oid, string Owner, string[]? Acl, string[]? DefaultAcl, Description Description);
