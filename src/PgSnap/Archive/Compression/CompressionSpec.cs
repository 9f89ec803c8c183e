using System.Globalization;

namespace PgSnap.Archive.Compression;

/// <summary>
/// A compression method and level, parsed from <c>-Z</c> (<c>none</c>, <c>gzip[:N]</c>, <c>lz4[:N]</c>, <c>zstd[:N]</c>, pg_dump's
/// bare <c>0..9</c> and <c>gzip:level=N</c>) or inferred from an output file's extension.
/// </summary>
public sealed record CompressionSpec(ArchiveCompression Kind, int Level)
{
    public static CompressionSpec None { get; } = new(ArchiveCompression.None, 0);

    public static CompressionSpec Gzip { get; } = new(ArchiveCompression.Gzip, 6);

    public static CompressionSpec Lz4 { get; } = new(ArchiveCompression.Lz4, 1);

    /// <summary>zstd at its own default level, 3, as <c>pg_dump -Z zstd</c> and the <c>zstd</c> CLI use.</summary>
    public static CompressionSpec Zstd { get; } = new(ArchiveCompression.Zstd, ZstdFrameBlockCompressor.DefaultLevel);

    /// <summary>Parses a <c>-Z</c> value; throws a usage error for anything else.</summary>
    public static CompressionSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim().ToLowerInvariant();
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bare))
        {
            // pg_dump: -Z 0 is no compression, -Z 1..9 is gzip at that level.
            return bare == 0 ? None : Validate(new CompressionSpec(ArchiveCompression.Gzip, bare), text);
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var method = colon < 0 ? value : value[..colon];
        var levelText = colon < 0 ? null : value[(colon + 1)..];
        if (levelText is not null && levelText.StartsWith("level=", StringComparison.Ordinal))
        {
            levelText = levelText["level=".Length..];
        }

        int? level = null;
        if (levelText is not null)
        {
            if (!int.TryParse(levelText, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
            {
                throw Bad(text);
            }

            level = l;
        }

        var spec = method switch
        {
            "none" when level is null or 0 => None,
            "gzip" => new CompressionSpec(ArchiveCompression.Gzip, level ?? Gzip.Level),
            "lz4" => new CompressionSpec(ArchiveCompression.Lz4, level ?? Lz4.Level),
            "zstd" => new CompressionSpec(ArchiveCompression.Zstd, level ?? Zstd.Level),
            _ => throw Bad(text),
        };
        return Validate(spec, text);
    }

    /// <summary>
    /// The compression an output file's name asks for: .gz → gzip, .lz4 → LZ4, .zst → zstd, anything else → none.
    /// </summary>
    public static CompressionSpec FromFileName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return Gzip;
        }

        if (path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase))
        {
            return Zstd;
        }

        return path.EndsWith(".lz4", StringComparison.OrdinalIgnoreCase) ? Lz4 : None;
    }

    /// <summary>The file extension that goes with this compression (<c>.sql</c>, <c>.sql.gz</c>, <c>.sql.lz4</c>, <c>.sql.zst</c>).</summary>
    public string FileExtension => Kind switch
    {
        ArchiveCompression.Gzip => ".sql.gz",
        ArchiveCompression.Lz4 => ".sql.lz4",
        ArchiveCompression.Zstd => ".sql.zst",
        _ => ".sql",
    };

    /// <summary>As the header records it: none, gzip:6, lz4:1, zstd:3.</summary>
    public override string ToString() => Kind switch
    {
        ArchiveCompression.Gzip => $"gzip:{Level.ToString(CultureInfo.InvariantCulture)}",
        ArchiveCompression.Lz4 => $"lz4:{Level.ToString(CultureInfo.InvariantCulture)}",
        ArchiveCompression.Zstd => $"zstd:{Level.ToString(CultureInfo.InvariantCulture)}",
        _ => "none",
    };

    internal IBlockCompressor CreateCompressor() => Kind switch
    {
        ArchiveCompression.Gzip => new GzipBlockCompressor(Level),
        ArchiveCompression.Lz4 => new Lz4FrameBlockCompressor(Level),
        ArchiveCompression.Zstd => new ZstdFrameBlockCompressor(Level),
        _ => StoredBlockCompressor.Instance,
    };

    private static CompressionSpec Validate(CompressionSpec spec, string text)
    {
        var ok = spec.Kind switch
        {
            ArchiveCompression.Gzip => spec.Level is >= 1 and <= 9,
            ArchiveCompression.Lz4 => spec.Level is >= 1 and <= 12,
            ArchiveCompression.Zstd => spec.Level is >= 1 and <= ZstdFrameBlockCompressor.MaxLevel,
            _ => true,
        };
        return ok ? spec : throw Bad(text);
    }

    private static PgSnapException Bad(string text) => new(
        PgSnapErrorKind.Usage,
        $"unknown compression '{text}': use none, gzip[:1-9], lz4[:1-12], zstd[:1-22] or 0-9");
}
