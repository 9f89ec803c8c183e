namespace PgSnap.Model.Objects;

/// <summary>
/// A user-defined enum, composite, domain or range type (pg_type) of a dumped schema; <see cref="Definition"/> says
/// which, with what that variant needs. Array types and table row types come with their element type or table.
/// </summary>
/// <param name="InitialAcl">pg_init_privs' ACL, or the owner's default: the baseline of <paramref name="Acl"/>.</param>
/// <param name="ArrayType">typarray: the array type that comes with it, or 0.</param>
internal sealed record TypeRecord(
    uint Oid,
    string Schema,
    string Name,
    string Owner,
    string[]? Acl,
    string[]? InitialAcl,
    uint ArrayType,
    TypeDefinition Definition,
    Description Description);

/// <summary>What one variant of user-defined type is made of.</summary>
internal abstract record TypeDefinition;

/// <summary>A schema-qualified name of another catalog object (a collation, an operator class, a multirange type).</summary>
internal sealed record CatalogName(string Schema, string Name);
