using System.Buffers;
using System.Buffers.Binary;

namespace PgSnap.Data.Wire;

/// <summary>
/// Reads backend messages from the server stream through one pooled buffer that is filled with big reads.
/// Whole messages are handed out by <see cref="ReadMessageAsync"/>; the COPY pump instead walks the unread
/// bytes directly (<see cref="Buffer"/>, <see cref="Start"/>, <see cref="End"/>) so that one socket read
/// serves many CopyData messages.
/// </summary>
/// <remarks>Message layout (protocol 3.0): one type byte, an Int32 length that counts itself, then the payload.</remarks>
internal sealed class BackendReader : IDisposable
{
    /// <summary>The server never builds a message larger than its MaxAllocSize (1 GiB); anything larger is garbage.</summary>
    internal const int MaxMessageLength = 0x4000_0000;

    private readonly Stream _stream;
    private byte[] _buffer;

    /// <summary>Index of the first unread byte in <see cref="_buffer"/>.</summary>
    private int _start;

    /// <summary>Index one past the last byte received from the stream.</summary>
    private int _end;

    public BackendReader(Stream stream, int bufferSize)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    internal byte[] Buffer => _buffer;

    internal int Start => _start;

    internal int End => _end;

    /// <summary>Marks everything before <paramref name="position"/> as consumed.</summary>
    internal void ConsumeTo(int position)
    {
        System.Diagnostics.Debug.Assert(position >= _start && position <= _end);
        _start = position;
    }

    /// <summary>
    /// Reads the next whole message. Its payload lives in the shared buffer and is valid only until the next
    /// call on this reader.
    /// </summary>
    public async ValueTask<BackendMessage> ReadMessageAsync(CancellationToken cancellationToken)
    {
        while (_end - _start < 5)
        {
            await FillAsync(5, cancellationToken).ConfigureAwait(false);
        }

        var length = ReadLength(_buffer, _start);
        var total = 1 + length;
        while (_end - _start < total)
        {
            await FillAsync(total, cancellationToken).ConfigureAwait(false);
        }

        var message = new BackendMessage(_buffer[_start], new ReadOnlyMemory<byte>(_buffer, _start + 5, length - 4));
        _start += total;
        return message;
    }

    /// <summary>
    /// Reads once from the stream, after moving unread bytes to the front of the buffer and growing it so
    /// that <paramref name="needed"/> unread bytes fit. Fails when the server has closed the connection.
    /// Called once per socket read in the COPY loop, so its state machine is pooled rather than allocated.
    /// </summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask FillAsync(int needed, CancellationToken cancellationToken)
    {
        Compact(needed);
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new EndOfStreamException("the server closed the connection unexpectedly");
        }

        _end += read;
    }

    /// <summary>
    /// The COPY pump's blocking twin of <see cref="FillAsync"/>: one synchronous read on the calling thread, which
    /// must be a thread of its own (it may wait for the server for as long as the server takes).
    /// </summary>
    public void Fill(int needed)
    {
        Compact(needed);
        var read = _stream.Read(_buffer.AsSpan(_end));
        if (read == 0)
        {
            throw new EndOfStreamException("the server closed the connection unexpectedly");
        }

        _end += read;
    }

    /// <summary>The Int32 length of the message whose type byte is at <paramref name="offset"/>, checked for sanity.</summary>
    internal static int ReadLength(byte[] buffer, int offset)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(offset + 1, 4));
        if (length < 4 || length > MaxMessageLength)
        {
            throw new InvalidDataException($"invalid length {length} in a message of type '{(char)buffer[offset]}': the connection is out of sync");
        }

        return length;
    }

    private void Compact(int needed)
    {
        var unread = _end - _start;
        if (needed > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(_start, unread).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
            _start = 0;
            _end = unread;
            return;
        }

        // Only move bytes when the free tail is too small to be worth a read: a partial message left at the
        // end of a big buffer is usually a few bytes, so the copy is cheap.
        if (_start > 0 && (unread == 0 || _buffer.Length - _end < Math.Max(needed - unread, _buffer.Length / 4)))
        {
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);
            _start = 0;
            _end = unread;
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
