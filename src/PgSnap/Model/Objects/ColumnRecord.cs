using PgSnap.Catalog.Coverage;

namespace PgSnap.Model.Objects;

/// <summary>One column (pg_attribute, with its pg_attrdef default) of a relation.</summary>
/// <param name="Identity">attidentity: a (always), d (by default) or \0.</param>
/// <param name="Generated">attgenerated: s (stored), v (virtual, 18) or \0.</param>
/// <param name="IsLocal">attislocal: defined by this table, not only inherited.</param>
/// <param name="CollationName">The column's collation when it differs from its type's.</param>
/// <param name="Storage">attstorage; <paramref name="TypeStorage"/> is its type's typstorage.</param>
/// <param name="StatTarget">attstattarget, -1 when unset.</param>
/// <param name="DefaultExpr">The default or generation expression (pg_get_expr).</param>
/// <param name="Compression">attcompression (14+): p (pglz), l (lz4) or \0.</param>
/// <param name="NotNullConstraint">18+: the column's NOT NULL constraint row.</param>
internal sealed record ColumnRecord(
    uint RelOid, short Number, string Name, string Type, bool NotNull, char Identity, char Generated, bool IsLocal,
    string? CollationName, string? CollationSchema, char Storage, char TypeStorage, int StatTarget, string[]? Options,
    string[]? FdwOptions, string[]? Acl, string? DefaultExpr, uint DefaultOid, char Compression, NotNullConstraintRecord? NotNullConstraint)
{
    /// <summary>The column's comment and labels.</summary>
    public Description Description { get; init; } = Description.None(new CatalogKey(CatalogId.PgClass, RelOid, Number));
}

/// <summary>A PostgreSQL 18+ NOT NULL constraint row of one column.</summary>
internal sealed record NotNullConstraintRecord(uint Oid, string Name, bool NoInherit, bool IsLocal, bool Validated)
{
    /// <summary>
    /// Inherited only through ancestors' NOT VALID constraints, made after the data: no CREATE TABLE makes it
    /// (see Catalog/Relations/InheritedNotNulls.cs).
    /// </summary>
    public bool MadeByAncestorsAfterData { get; init; }

    /// <summary>When <see cref="MadeByAncestorsAfterData"/>: the ancestors' NOT NULL constraints of the column, which come first.</summary>
    public IReadOnlyList<CatalogId> Ancestors { get; init; } = [];

    /// <summary>The constraint's comment and labels.</summary>
    public Description Description { get; init; } = Description.None(new CatalogKey(CatalogId.PgConstraint, Oid));
}
