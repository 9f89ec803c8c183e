namespace PgSnap.Archive.Reading;

/// <summary>Wraps a compressed stream in the matching decompressor (concatenated gzip members / LZ4 or zstd frames).</summary>
public static class Decompression
{
    /// <summary>A read-only stream of the uncompressed bytes of <paramref name="compressed"/>.</summary>
    public static Stream Open(Stream compressed, ArchiveCompression compression, string source, bool leaveOpen = false) => compression switch
    {
        ArchiveCompression.None => compressed,
        ArchiveCompression.Gzip => new GzipReadStream(compressed, source, leaveOpen),
        ArchiveCompression.Lz4 => new Lz4FrameReadStream(compressed, source, leaveOpen),
        ArchiveCompression.Zstd => new ZstdReadStream(compressed, source, leaveOpen),
        _ => throw new ArgumentOutOfRangeException(nameof(compression)),
    };

    internal static ArchiveCompression? FromKind(InputKind kind) => kind switch
    {
        InputKind.Text => ArchiveCompression.None,
        InputKind.Gzip => ArchiveCompression.Gzip,
        InputKind.Lz4 => ArchiveCompression.Lz4,
        InputKind.Zstd => ArchiveCompression.Zstd,
        _ => null,
    };
}
