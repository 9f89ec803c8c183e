namespace PgSnap.Model.Objects;

/// <summary>What the publication reader found: publications and their dumped tables and schemas.</summary>
internal sealed record PublicationSet(
    IReadOnlyList<PublicationRecord> Publications,
    IReadOnlyList<PublicationTableRecord> Tables,
    IReadOnlyList<PublicationSchemaRecord> Schemas);
