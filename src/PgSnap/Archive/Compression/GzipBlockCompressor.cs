using System.IO.Compression;
using PgSnap.Archive.Writing;

namespace PgSnap.Archive.Compression;

/// <summary>
/// One RFC 1952 gzip member per block through zlib (System.IO.Compression), at zlib's own 1–9 levels so that
/// <c>-Z gzip:6</c> means what <c>pg_dump -Z 6</c> means.
/// </summary>
internal sealed class GzipBlockCompressor : IBlockCompressor
{
    public const int DefaultLevel = 6;

    private readonly int _level;

    public GzipBlockCompressor(int level)
    {
        if (level is < 1 or > 9)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"gzip level must be 1..9, not {level}");
        }

        _level = level;
        NativeHeap.KeepLargeAllocationsMapped();
    }

    public ArchiveCompression Kind => ArchiveCompression.Gzip;


    public void Compress(ReadOnlySpan<byte> source, PooledBuffer destination)
    {
        using var sink = new PooledBufferStream(destination);
        using (var gzip = new GZipStream(sink, new ZLibCompressionOptions { CompressionLevel = _level }, leaveOpen: true))
        {
            gzip.Write(source);
        }
    }
}
