namespace PgSnap.Model.Objects;

/// <summary>
/// An object the dump does not create (an extension member, which CREATE EXTENSION brings back, or a built-in
/// object of pg_catalog) whose privileges no longer match what it starts with: pg_init_privs where that catalog
/// has a row ('e': as the extension script left them, 'i': as initdb left them), else the default for its owner.
/// </summary>
/// <param name="Id">The object's own catalog row.</param>
/// <param name="GrantKind">GRANT's object keyword: TABLE, SEQUENCE, FUNCTION, PROCEDURE, TYPE, SCHEMA, LANGUAGE,
/// FOREIGN DATA WRAPPER or FOREIGN SERVER.</param>
/// <param name="Schema">Its schema, or null for objects outside schemas (schemas, languages, wrappers, servers).</param>
/// <param name="Name">Its unquoted name.</param>
/// <param name="Arguments">For a function or procedure: its identity argument list, else null.</param>
/// <param name="Owner">Its owner.</param>
/// <param name="Acl">The current ACL (null: never changed from the default).</param>
/// <param name="InitialAcl">pg_init_privs.initprivs, or null when pg_init_privs has no row.</param>
/// <param name="DefaultAcl">acldefault for its kind and owner.</param>
/// <param name="Extension">The oid of the extension it belongs to, or 0 for a built-in object outside extensions.</param>
/// <param name="Columns">Columns (of a relation) whose privileges changed.</param>
internal sealed record AclOnlyObject(
    CatalogId Id,
    string GrantKind,
    string? Schema,
    string Name,
    string? Arguments,
    string Owner,
    string[]? Acl,
    string[]? InitialAcl,
    string[] DefaultAcl,
    uint Extension,
    IReadOnlyList<AclOnlyColumn> Columns);

/// <summary>A column's privileges; its baseline is pg_init_privs for the column, else none (columns start empty).</summary>
internal sealed record AclOnlyColumn(string Name, string[]? Acl, string[]? InitialAcl);
