using Microsoft.Win32.SafeHandles;

namespace PgSnap.Archive.Reading;

/// <summary>
/// Reads one byte range of a file through positional reads, so several workers can read different blocks of the
/// same archive through one handle at the same time.
/// </summary>
internal sealed class FileSliceStream(SafeFileHandle handle, long offset, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = RandomAccess.Read(handle, buffer[..Limit(buffer.Length)], offset + _position);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await RandomAccess.ReadAsync(handle, buffer[..Limit(buffer.Length)], offset + _position, cancellationToken).ConfigureAwait(false);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Limit(int wanted) => (int)Math.Min(wanted, length - _position);
}
