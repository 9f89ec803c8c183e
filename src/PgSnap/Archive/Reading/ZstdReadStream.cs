using ZstdSharp;

namespace PgSnap.Archive.Reading;

/// <summary>
/// Decompresses zstd (concatenated frames read as one stream, as <c>zstd -dc</c> does: PgSnap writes one frame per
/// block, the <c>zstd</c> CLI one per file) and turns the decoder's errors, a checksum mismatch and input that ends
/// inside a frame into a corrupt-archive error naming the compressed byte offset.
/// </summary>
internal sealed class ZstdReadStream : ForwardReadStream
{
    private readonly CountingReadStream _compressed;
    private readonly DecompressionStream _zstd;
    private readonly string _source;

    public ZstdReadStream(Stream inner, string source, bool leaveOpen = false)
    {
        _compressed = new CountingReadStream(inner, leaveOpen);
        _zstd = new DecompressionStream(_compressed, bufferSize: 1 << 16, checkEndOfStream: true, leaveOpen: false);
        _source = source;
    }

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _zstd.Read(buffer);
        }
        catch (Exception ex) when (ex is ZstdException or EndOfStreamException)
        {
            throw Corrupt(ex);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _zstd.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ZstdException or EndOfStreamException)
        {
            throw Corrupt(ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _zstd.Dispose();
        }

        base.Dispose(disposing);
    }

    private PgSnapException Corrupt(Exception ex)
    {
        var what = ex is EndOfStreamException ? "input ends inside a zstd frame" : "corrupt zstd data";
        return new PgSnapException(PgSnapErrorKind.Corrupt, $"{_source}: {what} near compressed byte offset {_compressed.BytesRead} ({ex.Message})", ex);
    }
}
