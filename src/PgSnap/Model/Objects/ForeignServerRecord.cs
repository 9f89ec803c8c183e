namespace PgSnap.Model.Objects;

/// <summary>A foreign server (pg_foreign_server) with its user mappings.</summary>
/// <param name="Options">srvoptions as name=value strings.</param>
/// <param name="InitialAcl">acldefault for the server's owner, the baseline of <paramref name="Acl"/>.</param>
internal sealed record ForeignServerRecord(
    uint Oid,
    string Name,
    string Owner,
    uint WrapperOid,
    string Wrapper,
    string? Type,
    string? Version,
    string[]? Options,
    string[]? Acl,
    string[]? InitialAcl,
    Description Description,
    IReadOnlyList<UserMappingRecord> Mappings);
