namespace PgSnap.Model.Objects;

/// <summary>A procedural language created with CREATE LANGUAGE (pg_language).</summary>
/// <param name="Handler">The call handler as regproc text.</param>
/// <param name="Inline">The inline handler as regproc text, or null.</param>
/// <param name="Validator">The validator as regproc text, or null.</param>
/// <param name="InitialAcl">pg_init_privs' ACL, or the owner's default: the baseline of <paramref name="Acl"/>.</param>
internal sealed record LanguageRecord(
    uint Oid,
    string Name,
    bool Trusted,
    string Handler,
    string? Inline,
    string? Validator,
    string Owner,
    string[]? Acl,
    string[]? InitialAcl,
    Description Description);
