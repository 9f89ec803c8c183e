namespace PgSnap.Archive;

/// <summary>How each block of an archive is compressed (docs/FORMAT.md, "Blocks and compression").</summary>
public enum ArchiveCompression
{
    None,
    Gzip,
    Lz4,
    Zstd,
}
