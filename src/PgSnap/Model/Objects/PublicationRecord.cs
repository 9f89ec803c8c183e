namespace PgSnap.Model.Objects;

/// <summary>A publication (pg_publication) with the operations it publishes.</summary>
/// <param name="Create">False when the dump keeps its tables but not the publication itself (-n/-t, or one a profile's platform owns).</param>
/// <param name="StoredGenerated">pubgencols = s (18+): stored generated columns are replicated too.</param>
internal sealed record PublicationRecord(
    uint Oid,
    string Name,
    string Owner,
    bool Create,
    bool AllTables,
    bool Insert,
    bool Update,
    bool Delete,
    bool Truncate,
    bool ViaRoot,
    bool StoredGenerated,
    Description Description);
