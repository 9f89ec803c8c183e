using System.IO.Compression;

namespace PgSnap.Archive.Reading;

/// <summary>
/// Decompresses gzip (concatenated members read as one stream, as zcat does) and turns the runtime's
/// <see cref="InvalidDataException"/> into a corrupt-archive error naming the compressed byte offset.
/// </summary>
/// <remarks>
/// .NET's GZipStream returns a short stream instead of failing when the input is cut inside a member; the
/// restore catches that one level up, from the content (missing completion marker, statement cut short).
/// </remarks>
internal sealed class GzipReadStream : ForwardReadStream
{
    private readonly CountingReadStream _compressed;
    private readonly GZipStream _gzip;
    private readonly string _source;

    public GzipReadStream(Stream inner, string source, bool leaveOpen = false)
    {
        _compressed = new CountingReadStream(inner, leaveOpen);
        _gzip = new GZipStream(_compressed, CompressionMode.Decompress);
        _source = source;
    }

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _gzip.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(ex);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    private PgSnapException Corrupt(InvalidDataException ex) =>
        new(PgSnapErrorKind.Corrupt, $"{_source}: corrupt gzip data near compressed byte offset {_compressed.BytesRead} ({ex.Message})", ex);
}
