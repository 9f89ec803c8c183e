namespace PgSnap.Model.Objects;

/// <summary>A dumped schema (pg_namespace).</summary>
/// <param name="Acl">nspacl as stored (null: the default).</param>
/// <param name="InitialAcl">pg_init_privs' ACL, or the owner's default: the baseline of a schema other than public.</param>
/// <param name="FullAcl">nspacl with its default spelled out when null (the public schema's privileges are planned from it).</param>
/// <param name="OwnerItem">The owner's default aclitem (USAGE and CREATE granted by itself), as text.</param>
/// <param name="PublicUsage">PUBLIC's USAGE granted by the owner, as aclitem text.</param>
/// <param name="SourceVersion">The source's server_version_num: the public schema's default privileges changed in 15.</param>
internal sealed record SchemaRecord(
    uint Oid,
    string Name,
    string Owner,
    string[]? Acl,
    string[]? InitialAcl,
    string[] FullAcl,
    string OwnerItem,
    string PublicUsage,
    int SourceVersion,
    Description Description);
