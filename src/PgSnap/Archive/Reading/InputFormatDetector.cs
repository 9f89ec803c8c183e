using System.Text.Unicode;

namespace PgSnap.Archive.Reading;

/// <summary>
/// Recognises a restore input by its magic bytes, and turns every kind we do not read into one line saying
/// what the file is and what to use instead. Detection runs twice: on the raw bytes (compression) and on the
/// first decompressed bytes (a gzipped tar or custom-format dump is still not SQL).
/// </summary>
public static class InputFormatDetector
{
    /// <summary>Bytes to peek: enough for the tar magic at offset 257 and a useful text sample.</summary>
    public const int PeekLength = 4096;

    /// <summary>Classifies the first bytes of a stream (fewer than <see cref="PeekLength"/> only at end of input).</summary>
    public static InputKind Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return InputKind.Gzip;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x04, 0x22, 0x4D, 0x18]))
        {
            return InputKind.Lz4;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
        {
            return InputKind.Zstd;
        }

        if (head.StartsWith("PGDMP"u8))
        {
            return InputKind.PgDumpCustom;
        }

        if (head.StartsWith("BZh"u8) && head.Length > 3 && head[3] is >= (byte)'1' and <= (byte)'9')
        {
            return InputKind.Bzip2;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]))
        {
            return InputKind.Xz;
        }

        if (head.StartsWith("PK\x03\x04"u8))
        {
            return InputKind.Zip;
        }

        if (head.Length >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8))
        {
            return InputKind.Tar;
        }

        return LooksLikeText(head) ? InputKind.Text : InputKind.Binary;
    }

    /// <summary>Throws the one-line refusal for every kind that is not text, gzip, LZ4 or zstd.</summary>
    public static void ThrowIfUnsupported(InputKind kind, string source)
    {
        var reason = kind switch
        {
            InputKind.Text or InputKind.Gzip or InputKind.Lz4 or InputKind.Zstd => null,
            InputKind.Bzip2 => "is bzip2-compressed: decompress it first (bzip2 -dc FILE | pgsnap restore - …)",
            InputKind.Xz => "is xz-compressed: decompress it first (xz -dc FILE | pgsnap restore - …)",
            InputKind.Zip => "is a zip archive: extract the SQL file from it first",
            InputKind.PgDumpCustom => "is a pg_dump custom-format archive (-Fc): restore it with pg_restore, or turn it into SQL with pg_restore -f out.sql FILE",
            InputKind.PgDumpDirectory => "is a pg_dump directory-format dump (-Fd): restore it with pg_restore, or turn it into SQL with pg_restore -f out.sql DIR",
            InputKind.Tar => "is a tar archive (pg_dump -Ft?): restore it with pg_restore, or extract the SQL file from it first",
            InputKind.Binary => "is binary data, not a PgSnap archive or SQL text",
            _ => "is of an unknown kind",
        };
        if (reason is not null)
        {
            throw new PgSnapException(PgSnapErrorKind.Corrupt, $"{source} {reason}");
        }
    }

    /// <summary>True when <paramref name="path"/> is a directory holding a pg_dump directory-format dump.</summary>
    public static bool IsPgDumpDirectory(string path) => Directory.Exists(path) && File.Exists(Path.Combine(path, "toc.dat"));

    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.Contains((byte)0))
        {
            return false;
        }

        // A sample may end in the middle of a character: only judge what precedes its last line break.
        var lastBreak = head.LastIndexOf((byte)'\n');
        var sample = lastBreak >= 0 ? head[..lastBreak] : head[..Math.Max(0, head.Length - 3)];
        return Utf8.IsValid(sample);
    }
}
