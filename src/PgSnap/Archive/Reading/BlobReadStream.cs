namespace PgSnap.Archive.Reading;

/// <summary>
/// One byte range of an <see cref="ArchiveBlob"/>, read front to back through its own buffer: each refill is one
/// positional read (one ranged GET for object storage), starting at the first read size and doubling up to the blob's
/// <see cref="ArchiveBlob.ReadSize"/>. Several of these over one blob read different ranges at the same time.
/// </summary>
internal sealed class BlobReadStream : ForwardReadStream
{
    private readonly ArchiveBlob _blob;
    private readonly long _offset;
    private readonly long _length;
    private readonly Action<int>? _onRead;
    private byte[] _buffer = [];
    private int _chunk;
    private int _start;
    private int _end;
    private long _fetched;

    public BlobReadStream(ArchiveBlob blob, long offset, long length, int firstRead, Action<int>? onRead)
    {
        _blob = blob;
        _offset = offset;
        _length = length;
        _onRead = onRead;
        _chunk = Math.Clamp(firstRead, 1, Math.Max(1, blob.ReadSize));
    }

    public override long Length => _length;

    public override int Read(Span<byte> buffer)
    {
        if (_start == _end && !Refill(sync: true, default).GetAwaiter().GetResult())
        {
            return 0;
        }

        return Take(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_start == _end && !await Refill(sync: false, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        return Take(buffer.Span);
    }

    private int Take(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        _start += n;
        return n;
    }

    private async ValueTask<bool> Refill(bool sync, CancellationToken cancellationToken)
    {
        var want = (int)Math.Min(_chunk, _length - _fetched);
        if (want <= 0)
        {
            return false;
        }

        if (_buffer.Length < want)
        {
            _buffer = new byte[want];
        }

        var n = sync
            ? _blob.ReadAt(_buffer.AsSpan(0, want), _offset + _fetched)
            : await _blob.ReadAtAsync(_buffer.AsMemory(0, want), _offset + _fetched, cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            return false;
        }

        _fetched += n;
        _start = 0;
        _end = n;
        _onRead?.Invoke(n);
        _chunk = (int)Math.Min((long)_chunk * 2, _blob.ReadSize);
        return true;
    }
}
