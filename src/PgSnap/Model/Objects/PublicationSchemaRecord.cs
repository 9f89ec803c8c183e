namespace PgSnap.Model.Objects;

/// <summary>A dumped schema of a publication (pg_publication_namespace, 15+).</summary>
internal sealed record PublicationSchemaRecord(uint Oid, uint PublicationOid, string Schema);
