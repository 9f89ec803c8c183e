using System.Buffers.Binary;
using System.IO.Hashing;
using K4os.Compression.LZ4;
using PgSnap.Archive.Writing;

namespace PgSnap.Archive.Compression;

/// <summary>
/// One LZ4 frame (frame format 1.6) per block, written here over K4os' block codec (which is AOT-clean; its
/// stream package is not needed): magic, FLG (version 01, independent blocks, content checksum), BD (4 MiB
/// blocks), header checksum, then 4 MiB blocks each compressed on its own (stored when that does not shrink it),
/// the end mark and the XXH32 of the content, which <c>lz4 -dc</c> checks.
/// </summary>
internal sealed class Lz4FrameBlockCompressor : IBlockCompressor
{
    public const int DefaultLevel = 1;

    /// <summary>BD = 0x70: maximum block size 4 MiB.</summary>
    private const int MaxFrameBlock = 4 * 1024 * 1024;

    private readonly LZ4Level _level;

    public Lz4FrameBlockCompressor(int level)
    {
        // lz4's CLI levels: 1 is the fast codec, 3..12 are the HC levels; 2 behaves as 1 there too.
        _level = level switch
        {
            1 or 2 => LZ4Level.L00_FAST,
            >= 3 and <= 12 => (LZ4Level)level,
            _ => throw new PgSnapException(PgSnapErrorKind.Usage, $"lz4 level must be 1..12, not {level}"),
        };
    }

    public ArchiveCompression Kind => ArchiveCompression.Lz4;


    public void Compress(ReadOnlySpan<byte> source, PooledBuffer destination)
    {
        var header = destination.GetSpan(7);
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x184D2204);
        header[4] = 0x64; // version 01, block independence, content checksum
        header[5] = 0x70; // 4 MiB maximum block size
        header[6] = (byte)((XxHash32.HashToUInt32(header.Slice(4, 2)) >> 8) & 0xFF);
        destination.Advance(7);

        var remaining = source;
        while (!remaining.IsEmpty)
        {
            var chunk = remaining[..Math.Min(remaining.Length, MaxFrameBlock)];
            remaining = remaining[chunk.Length..];
            var span = destination.GetSpan(4 + LZ4Codec.MaximumOutputSize(chunk.Length));
            var encoded = LZ4Codec.Encode(chunk, span[4..], _level);
            if (encoded <= 0 || encoded >= chunk.Length)
            {
                // Incompressible: a stored block (bit 31 set) is never bigger than the input.
                BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)chunk.Length | 0x8000_0000u);
                chunk.CopyTo(span[4..]);
                destination.Advance(4 + chunk.Length);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)encoded);
                destination.Advance(4 + encoded);
            }
        }

        var trailer = destination.GetSpan(8);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], XxHash32.HashToUInt32(source));
        destination.Advance(8);
    }
}
