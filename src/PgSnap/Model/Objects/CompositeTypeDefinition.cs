namespace PgSnap.Model.Objects;

/// <summary>A composite type (CREATE TYPE … AS): its pg_class row and its attributes in order.</summary>
/// <param name="RelId">typrelid: the pg_class row of relkind c that holds the attributes.</param>
internal sealed record CompositeTypeDefinition(uint RelId, IReadOnlyList<CompositeAttributeRecord> Attributes) : TypeDefinition;

/// <summary>One attribute of a composite type (pg_attribute, not dropped).</summary>
/// <param name="Type">The attribute's type, formatted with its typmod.</param>
/// <param name="Collation">The attribute's collation when it differs from its type's, else null.</param>
/// <param name="Description">The comment and labels of the attribute (pg_class row, attnum).</param>
internal sealed record CompositeAttributeRecord(string Name, string Type, CatalogName? Collation, Description Description);
