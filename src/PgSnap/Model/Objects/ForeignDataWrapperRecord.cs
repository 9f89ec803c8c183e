namespace PgSnap.Model.Objects;

/// <summary>A foreign-data wrapper (pg_foreign_data_wrapper).</summary>
/// <param name="Handler">The handler function as regproc text, if any.</param>
/// <param name="Validator">The validator function as regproc text; null means NO VALIDATOR.</param>
/// <param name="Options">fdwoptions as name=value strings.</param>
/// <param name="InitialAcl">acldefault for the wrapper's owner, the baseline of <paramref name="Acl"/>.</param>
internal sealed record ForeignDataWrapperRecord(
    uint Oid,
    string Name,
    string Owner,
    string? Handler,
    string? Validator,
    string[]? Options,
    string[]? Acl,
    string[]? InitialAcl,
    Description Description);
