namespace PgSnap.Model.Objects;

/// <summary>A domain: its base type, collation, default, NOT NULL and constraints.</summary>
/// <param name="BaseType">The base type, formatted with the domain's typmod.</param>
/// <param name="BaseTypeOid">typbasetype, which the domain depends on.</param>
/// <param name="Collation">The domain's collation when it differs from its base type's, else null.</param>
/// <param name="Default">The default expression (pg_get_expr), or null.</param>
/// <param name="NotNull">typnotnull.</param>
/// <param name="Constraints">Its CHECK constraints and (17+) NOT NULL constraint rows, by name.</param>
internal sealed record DomainDefinition(
    string BaseType,
    uint BaseTypeOid,
    CatalogName? Collation,
    string? Default,
    bool NotNull,
    IReadOnlyList<DomainConstraintRecord> Constraints) : TypeDefinition;

/// <summary>A constraint of a domain (pg_constraint).</summary>
/// <param name="Kind">contype: c (check) or, from 17, n (not null).</param>
/// <param name="Definition">pg_get_constraintdef.</param>
/// <param name="Validated">convalidated: a NOT VALID constraint is added after the data.</param>
internal sealed record DomainConstraintRecord(uint Oid, string Name, char Kind, string Definition, bool Validated, Description Description);
