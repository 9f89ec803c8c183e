using PgSnap.Archive.Writing;

namespace PgSnap.Archive.Compression;

/// <summary>No compression: a block on disk is its raw bytes.</summary>
internal sealed class StoredBlockCompressor : IBlockCompressor
{
    public static readonly StoredBlockCompressor Instance = new();

    public ArchiveCompression Kind => ArchiveCompression.None;


    public void Compress(ReadOnlySpan<byte> source, PooledBuffer destination) => destination.Write(source);
}
