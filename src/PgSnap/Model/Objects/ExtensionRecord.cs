namespace PgSnap.Model.Objects;

/// <summary>An installed extension (pg_extension) and the schema it lives in.</summary>
internal sealed record ExtensionRecord(uint Oid, string Name, string Schema, uint SchemaOid, Description Description);
