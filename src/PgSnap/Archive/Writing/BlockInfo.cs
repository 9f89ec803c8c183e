namespace PgSnap.Archive.Writing;

/// <summary>
/// What a block is, as its marker line and its manifest record name it. The id is given by
/// <see cref="ArchiveWriter.AllocateId"/> when the block's bytes are final.
/// </summary>
/// <param name="Section">header, pre-data, data or post-data (the manifest's spelling).</param>
/// <param name="Kind">pg_dump's TOC descriptor (TABLE, TABLE DATA, SEQUENCE SET, BLOBS…).</param>
/// <param name="Chunk">0-based chunk number for data blocks; null for DDL blocks.</param>
/// <param name="Table">The table a post-data block hangs off (the manifest's optional "table"), or null.</param>
internal sealed record BlockInfo(string Section, string Kind, string? Schema, string? Name, string? Owner, int? Chunk = null, Manifest.BlockTable? Table = null)
{
    public const string HeaderSection = ArchiveFormat.Sections.Header;
    public const string PreDataSection = ArchiveFormat.Sections.PreData;
    public const string DataSection = ArchiveFormat.Sections.Data;
    public const string PostDataSection = ArchiveFormat.Sections.PostData;

    public static string SectionName(Model.DumpSection section) => section switch
    {
        Model.DumpSection.PreData => PreDataSection,
        Model.DumpSection.Data => DataSection,
        _ => PostDataSection,
    };
}
