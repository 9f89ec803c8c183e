using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace PgSnap.Archive.Manifest;

/// <summary>
/// The completion marker and locator of the manifest: one 128-byte line, stored uncompressed inside its
/// container so that its size on disk is fixed per compression and a reader finds it at the end of the file
/// without reading the rest (docs/FORMAT.md, "Footer").
/// </summary>
public sealed record ArchiveFooter(long ManifestOffset, long ManifestLength, ulong ManifestXxh64)
{
    public const int LineLength = 128;
    public const string LinePrefix = ArchiveFormat.FooterLinePrefix;

    private static readonly byte[] s_lz4Magic = [0x04, 0x22, 0x4D, 0x18];

    /// <summary>
    /// A zstd frame around the line: magic, frame header descriptor 0x24 (single segment, 1-byte content size,
    /// content checksum), content size 128, then one last raw block of 128 bytes (block header 0x000401).
    /// </summary>
    private static readonly byte[] s_zstdHeader = [0x28, 0xB5, 0x2F, 0xFD, 0x24, LineLength, 0x01, 0x04, 0x00];

    /// <summary>Size of the encoded footer on disk for the given compression.</summary>
    public static int EncodedLength(ArchiveCompression compression) => compression switch
    {
        ArchiveCompression.None => LineLength,
        ArchiveCompression.Gzip => 10 + 5 + LineLength + 8,
        ArchiveCompression.Lz4 => 4 + 3 + 4 + LineLength + 4,
        ArchiveCompression.Zstd => 9 + LineLength + 4,
        _ => throw new ArgumentOutOfRangeException(nameof(compression)),
    };

    /// <summary>The 128-byte line, ending with '\n'.</summary>
    public byte[] ToLine()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{LinePrefix}manifest_offset={ManifestOffset:D16} manifest_length={ManifestLength:D10} manifest_xxh64={ManifestXxh64:x16}");
        var line = new byte[LineLength];
        line.AsSpan().Fill((byte)' ');
        var written = Encoding.ASCII.GetBytes(text, line);
        if (written > LineLength - 1)
        {
            throw new InvalidOperationException("footer line too long");
        }

        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>The footer as it is written to the file, in its stored container.</summary>
    public byte[] Encode(ArchiveCompression compression)
    {
        var line = ToLine();
        switch (compression)
        {
            case ArchiveCompression.None:
                return line;
            case ArchiveCompression.Gzip:
                {
                    var buffer = new byte[EncodedLength(compression)];
                    // ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=255 (unknown): a fixed header keeps the size fixed.
                    ReadOnlySpan<byte> header = [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF];
                    header.CopyTo(buffer);
                    // One final stored deflate block: BFINAL=1, BTYPE=00, then LEN and its complement.
                    buffer[10] = 0x01;
                    BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(11), LineLength);
                    BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(13), unchecked((ushort)~LineLength));
                    line.CopyTo(buffer.AsSpan(15));
                    BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(15 + LineLength), Crc32.HashToUInt32(line));
                    BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(19 + LineLength), LineLength);
                    return buffer;
                }

            case ArchiveCompression.Lz4:
                {
                    var buffer = new byte[EncodedLength(compression)];
                    s_lz4Magic.CopyTo(buffer, 0);
                    // FLG: version 01, block independence; BD: 64 KB max block size.
                    buffer[4] = 0x60;
                    buffer[5] = 0x40;
                    buffer[6] = (byte)((XxHash32.HashToUInt32(buffer.AsSpan(4, 2)) >> 8) & 0xFF);
                    BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(7), LineLength | 0x8000_0000u);
                    line.CopyTo(buffer.AsSpan(11));
                    // End mark (a zero block size) is already zero.
                    return buffer;
                }

            case ArchiveCompression.Zstd:
                {
                    var buffer = new byte[EncodedLength(compression)];
                    s_zstdHeader.CopyTo(buffer, 0);
                    line.CopyTo(buffer.AsSpan(s_zstdHeader.Length));
                    // The content checksum is the low 32 bits of the content's XXH64 (seed 0).
                    BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(s_zstdHeader.Length + LineLength), (uint)XxHash64.HashToUInt64(line));
                    return buffer;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(compression));
        }
    }

    /// <summary>
    /// Decodes the last <see cref="EncodedLength"/> bytes of a file. Returns null when they are not a valid
    /// footer, i.e. the archive is incomplete or not a PgSnap archive.
    /// </summary>
    public static ArchiveFooter? TryDecode(ReadOnlySpan<byte> tail, ArchiveCompression compression)
    {
        if (tail.Length != EncodedLength(compression))
        {
            return null;
        }

        ReadOnlySpan<byte> line;
        switch (compression)
        {
            case ArchiveCompression.None:
                line = tail;
                break;
            case ArchiveCompression.Gzip:
                if (tail[0] != 0x1F || tail[1] != 0x8B || tail[10] != 0x01
                    || BinaryPrimitives.ReadUInt16LittleEndian(tail[11..]) != LineLength)
                {
                    return null;
                }

                line = tail.Slice(15, LineLength);
                if (BinaryPrimitives.ReadUInt32LittleEndian(tail[(15 + LineLength)..]) != Crc32.HashToUInt32(line))
                {
                    return null;
                }

                break;
            case ArchiveCompression.Lz4:
                if (!tail[..4].SequenceEqual(s_lz4Magic)
                    || BinaryPrimitives.ReadUInt32LittleEndian(tail[7..]) != (LineLength | 0x8000_0000u))
                {
                    return null;
                }

                line = tail.Slice(11, LineLength);
                break;
            case ArchiveCompression.Zstd:
                if (!tail[..s_zstdHeader.Length].SequenceEqual(s_zstdHeader))
                {
                    return null;
                }

                line = tail.Slice(s_zstdHeader.Length, LineLength);
                if (BinaryPrimitives.ReadUInt32LittleEndian(tail[(s_zstdHeader.Length + LineLength)..]) != (uint)XxHash64.HashToUInt64(line))
                {
                    return null;
                }

                break;
            default:
                return null;
        }

        return TryParseLine(line);
    }

    /// <summary>Parses the 128-byte line itself (e.g. read from a decompressed stream).</summary>
    public static ArchiveFooter? TryParseLine(ReadOnlySpan<byte> line)
    {
        if (line.Length != LineLength || line[^1] != (byte)'\n')
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(line[..^1]).TrimEnd(' ');
        if (!text.StartsWith(LinePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        long offset = -1, length = -1;
        ulong hash = 0;
        var hashSeen = false;
        foreach (var part in text[LinePrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                return null;
            }

            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "manifest_offset" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var o):
                    offset = o;
                    break;
                case "manifest_length" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var l):
                    length = l;
                    break;
                case "manifest_xxh64" when ulong.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h):
                    hash = h;
                    hashSeen = true;
                    break;
                default:
                    return null;
            }
        }

        return offset >= 0 && length > 0 && hashSeen ? new ArchiveFooter(offset, length, hash) : null;
    }
}
