using PgSnap.Archive;

namespace PgSnap.Dump.Preflight;

/// <summary>
/// How big a dump will be on disk, from the server's own relation sizes and the chosen compression. The factors
/// are deliberately round: the point is to refuse a dump that clearly cannot fit, not to predict its size.
/// </summary>
/// <remarks>
/// Factors (archive bytes per byte on the server):
/// <list type="bullet">
/// <item>Table data: COPY text ≈ 0.9 × the main forks of heap and TOAST heap (<c>pg_relation_size</c> of both; the
/// free-space and visibility maps and the TOAST index are left out, which spares the server an open of each). The
/// benchmark set (README, "Performance") gave 487 MB of COPY text from 569 MB of tables (0.86): tuple headers and
/// alignment padding roughly pay for the text formatting. TOAST-compressed values expand, bytea doubles as hex, so the real ratio varies either way.</item>
/// <item>Large objects: written as hex <c>lowrite</c> calls, ≈ 2.1 × <c>pg_relation_size(pg_largeobject)</c>.</item>
/// <item>Compression of that text: none 1.0, gzip 0.30, LZ4 0.45, zstd 0.30 (SQL and COPY text typically compress 3–5× with
/// gzip at level 6, 2–3× with LZ4's fast mode, and about as much as gzip with zstd at level 3: 0.29 against gzip 6's 0.26 on synthetic COPY text).</item>
/// </list>
/// A dump is refused only when even <see cref="MinimumFactor"/> of the expected size exceeds the free space, i.e.
/// when the data would have to compress more than twice as well as usual to fit.
/// </remarks>
public sealed record DumpSizeEstimate(long TableBytes, long LargeObjectBytes, ArchiveCompression Compression)
{
    /// <summary>COPY text bytes per byte of heap and TOAST heap.</summary>
    public const double TextPerTableByte = 0.9;

    /// <summary>Hex lowrite text bytes per byte of <c>pg_largeobject</c>.</summary>
    public const double TextPerLargeObjectByte = 2.1;

    /// <summary>The share of the expected size below which a dump is never refused.</summary>
    public const double MinimumFactor = 0.5;

    /// <summary>Archive bytes per byte of uncompressed SQL text.</summary>
    public static double CompressionRatio(ArchiveCompression compression) => compression switch
    {
        ArchiveCompression.Gzip => 0.30,
        ArchiveCompression.Lz4 => 0.45,
        ArchiveCompression.Zstd => 0.30,
        _ => 1.0,
    };

    /// <summary>The size the archive will most likely have.</summary>
    public long ExpectedBytes =>
        (long)(((TableBytes * TextPerTableByte) + (LargeObjectBytes * TextPerLargeObjectByte)) * CompressionRatio(Compression));

    /// <summary>A size the archive will almost surely exceed: refusing below it would be guessing.</summary>
    public long MinimumBytes => (long)(ExpectedBytes * MinimumFactor);
}
