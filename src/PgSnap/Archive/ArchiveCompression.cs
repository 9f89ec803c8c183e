namespace PgSnap.Archive;

/// <summary>How each block of an archive is compressed (DESIGN.md §3, docs/FORMAT.md).</summary>
public enum ArchiveCompression
{
    None,
    Gzip,
    Lz4,
}
