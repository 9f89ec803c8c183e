using PgSnap.Archive.Writing;

namespace PgSnap.Archive.Compression;

/// <summary>
/// Turns one block's uncompressed bytes into one self-contained container (a gzip member, an LZ4 or zstd
/// frame, or the bytes themselves), so that concatenated blocks stay one valid stream for zcat / lz4 -dc / zstd -dc and a reader can
/// decompress any block alone (docs/FORMAT.md, "Blocks and compression"). Implementations are stateless and
/// thread-safe: every data worker compresses its own blocks.
/// </summary>
internal interface IBlockCompressor
{
    ArchiveCompression Kind { get; }


    /// <summary>Appends the encoded block to <paramref name="destination"/>.</summary>
    void Compress(ReadOnlySpan<byte> source, PooledBuffer destination);
}
