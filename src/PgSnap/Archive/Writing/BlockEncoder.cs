using System.IO.Hashing;
using PgSnap.Archive.Compression;

namespace PgSnap.Archive.Writing;

/// <summary>
/// Checksums and compresses a finished raw block into an <see cref="EncodedBlock"/>. Runs on the data workers'
/// threads so that compression uses every core while the single writer only appends.
/// </summary>
internal sealed class BlockEncoder(IBlockCompressor compressor)
{
    public ArchiveCompression Compression => compressor.Kind;

    /// <summary>
    /// Encodes <paramref name="raw"/>'s bytes [<paramref name="start"/>, end). Takes ownership of
    /// <paramref name="raw"/>: it is either returned to the pool here or owned by the result (stored blocks are
    /// not copied).
    /// </summary>
    public EncodedBlock Encode(int id, BlockInfo info, PooledBuffer raw, int start, long? rows)
    {
        var rawSpan = raw.WrittenSpan[start..];
        var hash = XxHash64.HashToUInt64(rawSpan);
        if (compressor.Kind == ArchiveCompression.None)
        {
            return new EncodedBlock(id, info, raw, start, rawSpan.Length, rawSpan.Length, hash, rows);
        }

        // gzip output of COPY text is a fraction of its input: start at a quarter and let the rare incompressible
        // block grow, rather than hold a raw-sized array per block in flight. LZ4 and zstd ask for their bound up
        // front.
        var initial = compressor.Kind == ArchiveCompression.Gzip ? rawSpan.Length / 4 : rawSpan.Length;
        var encoded = new PooledBuffer(Math.Max(64 * 1024, initial));
        try
        {
            compressor.Compress(rawSpan, encoded);
            return new EncodedBlock(id, info, encoded, 0, encoded.Length, rawSpan.Length, hash, rows);
        }
        catch
        {
            encoded.Dispose();
            throw;
        }
        finally
        {
            raw.Dispose();
        }
    }
}
