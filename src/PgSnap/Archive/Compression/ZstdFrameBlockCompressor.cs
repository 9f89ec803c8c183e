using System.Collections.Concurrent;
using PgSnap.Archive.Writing;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace PgSnap.Archive.Compression;

/// <summary>
/// One zstd frame per block through ZstdSharp (a managed port of the reference library): the frame header carries
/// the content size and the frame ends with its XXH64-based checksum, which <c>zstd -dc</c> checks. Concatenated
/// frames are one valid zstd stream, so the whole archive decompresses with the <c>zstd</c> CLI.
/// </summary>
/// <remarks>
/// A compression context holds the match-finder tables (megabytes at high levels); creating one per block would
/// allocate and zero them every time. Contexts are pooled instead: each worker takes one, compresses straight into
/// the pooled destination buffer (sized to zstd's bound, so no intermediate copy) and gives it back.
/// </remarks>
internal sealed class ZstdFrameBlockCompressor : IBlockCompressor
{
    public const int DefaultLevel = 3;

    public const int MaxLevel = 22;

    private readonly int _level;
    private readonly ConcurrentBag<Compressor> _contexts = [];

    public ZstdFrameBlockCompressor(int level)
    {
        if (level is < 1 or > MaxLevel)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"zstd level must be 1..{MaxLevel}, not {level}");
        }

        _level = level;
    }

    public ArchiveCompression Kind => ArchiveCompression.Zstd;


    public void Compress(ReadOnlySpan<byte> source, PooledBuffer destination)
    {
        if (!_contexts.TryTake(out var context))
        {
            context = new Compressor(_level);
            context.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
            context.SetParameter(ZSTD_cParameter.ZSTD_c_contentSizeFlag, 1);
        }

        try
        {
            var span = destination.GetSpan(Compressor.GetCompressBound(source.Length));
            destination.Advance(context.Wrap(source, span));
        }
        finally
        {
            _contexts.Add(context);
        }
    }
}
