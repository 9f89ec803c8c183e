using System.Net.Sockets;

namespace PgSnap.Data.Wire;

/// <summary>
/// The socket as a stream, with two ways to read. Asynchronous reads (startup, simple statements) go through
/// the runtime's socket engine. Synchronous reads are for the COPY pump's own thread and wait the way libpq does:
/// a <c>poll()</c> on the socket, then <c>recv()</c>, so a wait costs one wake-up of that thread instead of the
/// engine's event thread waking a thread-pool worker (measured: ~50,000 context switches for a 375 MB dump against
/// pg_dump's ~2,000, and twice its system CPU).
/// </summary>
/// <remarks>
/// While <see cref="BatchReads"/> is on, the socket's receive low-water mark (SO_RCVLOWAT) makes the kernel wake
/// the pump only once <see cref="BatchBytes"/> have arrived, so one wake-up carries many rows instead of one server
/// flush (8 KiB). The last bytes of a result may never reach the mark, so a wait gives up after
/// <see cref="BatchWaitMicroseconds"/> and reads whatever is there. Measured on a 865 MB dump: a 64 KiB mark
/// cost ~50,000 voluntary context switches and 1.1–1.2 s of system CPU, 256 KiB ~18,000 and 0.65 s, 1 MiB
/// ~4,500 and 0.35–0.5 s (the kernel grows the receive buffer to twice the mark by itself).
/// </remarks>
internal sealed class SocketStream(Socket socket) : Stream
{
    /// <summary>Bytes the kernel gathers before it wakes a batched read.</summary>
    internal const int BatchBytes = 1024 * 1024;

    /// <summary>How long a batched read waits for <see cref="BatchBytes"/> before taking less.</summary>
    private const int BatchWaitMicroseconds = 2_000;

    /// <summary>How long an unbatched synchronous wait sleeps between checks of the socket's state.</summary>
    private const int IdleWaitMicroseconds = 1_000_000;

    /// <summary>Whether SO_RCVLOWAT is set to <see cref="BatchBytes"/> right now.</summary>
    private bool _lowWaterMark;

    private bool _lowWaterMarkUnsupported;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Whether the synchronous reads that follow wait for <see cref="BatchBytes"/> (the COPY pump turns it on for
    /// the length of a COPY). Platforms without SO_RCVLOWAT simply read as data comes.
    /// </summary>
    public bool BatchReads { get; set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Blocks the calling thread until some bytes arrive (0 at the end of the stream).</summary>
    public override int Read(Span<byte> buffer)
    {
        // Non-blocking from the runtime's point of view: a read that would block returns WouldBlock here instead
        // of parking the thread on the socket engine.
        socket.Blocking = false;
        SetLowWaterMark(BatchReads);
        while (true)
        {
            var read = socket.Receive(buffer, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                return read;
            }

            if (error != SocketError.WouldBlock)
            {
                throw new IOException($"reading from the server failed: {error}", new SocketException((int)error));
            }

            if (_lowWaterMark && !socket.Poll(BatchWaitMicroseconds, SelectMode.SelectRead) && socket.Available == 0)
            {
                // Nothing at all after the short wait: the server is busy or the result is ending; wake at the
                // first byte instead (the next read turns batching on again).
                SetLowWaterMark(false);
            }
            else if (!_lowWaterMark)
            {
                socket.Poll(IdleWaitMicroseconds, SelectMode.SelectRead);
            }
        }
    }

    private void SetLowWaterMark(bool on)
    {
        if (on == _lowWaterMark || (on && _lowWaterMarkUnsupported))
        {
            return;
        }

        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, on ? BatchBytes : 1);
            _lowWaterMark = on;
        }
        catch (SocketException)
        {
            _lowWaterMarkUnsupported = true;
            _lowWaterMark = false;
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // The socket engine is woken by readiness, which the low-water mark would hold back.
        SetLowWaterMark(false);
        return socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        socket.Blocking = true;
        while (!buffer.IsEmpty)
        {
            buffer = buffer[socket.Send(buffer, SocketFlags.None)..];
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            buffer = buffer[await socket.SendAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
