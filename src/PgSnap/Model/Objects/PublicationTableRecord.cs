namespace PgSnap.Model.Objects;

/// <summary>A dumped table of a publication (pg_publication_rel), with its column list and row filter (15+).</summary>
/// <param name="Where">The row filter, deparsed by the server (pg_get_expr).</param>
internal sealed record PublicationTableRecord(uint Oid, uint PublicationOid, uint RelationOid, IReadOnlyList<string>? Columns, string? Where);
