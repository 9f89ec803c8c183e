namespace PgSnap.Archive.Reading;

/// <summary>Replays bytes already peeked from a non-seekable stream, then continues with the stream itself.</summary>
internal sealed class PrefixedReadStream(ReadOnlyMemory<byte> prefix, Stream inner, bool leaveOpen = false) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!_prefix.IsEmpty)
        {
            return TakePrefix(buffer);
        }

        return inner.Read(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        !_prefix.IsEmpty ? ValueTask.FromResult(TakePrefix(buffer.Span)) : inner.ReadAsync(buffer, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int TakePrefix(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..n].CopyTo(buffer);
        _prefix = _prefix[n..];
        return n;
    }
}
