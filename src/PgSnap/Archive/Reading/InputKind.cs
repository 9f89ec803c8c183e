namespace PgSnap.Archive.Reading;

/// <summary>What the first bytes of a restore input say it is (docs/FORMAT.md: compression by magic bytes).</summary>
public enum InputKind
{
    /// <summary>Uncompressed text (PgSnap archive or plain SQL).</summary>
    Text,

    /// <summary>gzip (one or more concatenated members).</summary>
    Gzip,

    /// <summary>LZ4 frame format (one or more concatenated frames).</summary>
    Lz4,

    /// <summary>zstd (one or more concatenated frames).</summary>
    Zstd,

    Bzip2,
    Xz,
    Zip,
    PgDumpCustom,
    PgDumpDirectory,
    Tar,
    Binary,
}
