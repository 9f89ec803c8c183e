using Microsoft.Win32.SafeHandles;

namespace PgSnap.Archive.Reading;

/// <summary>
/// Reads one byte range of a file through positional reads, so several workers can read different blocks of the
/// same archive through one handle at the same time.
/// </summary>
internal sealed class FileSliceStream(SafeFileHandle handle, long offset, long length, Action<int>? onRead = null) : ForwardReadStream
{
    private long _position;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var n = RandomAccess.Read(handle, buffer[..Limit(buffer.Length)], offset + _position);
        _position += n;
        onRead?.Invoke(n);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await RandomAccess.ReadAsync(handle, buffer[..Limit(buffer.Length)], offset + _position, cancellationToken).ConfigureAwait(false);
        _position += n;
        onRead?.Invoke(n);
        return n;
    }

    private int Limit(int wanted) => (int)Math.Min(wanted, length - _position);
}
