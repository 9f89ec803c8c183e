using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading.Channels;

namespace PgSnap.Benchmarks.Latency;

/// <summary>
/// One direction of a <see cref="DelayProxy"/> connection: a reader stamps each chunk it receives with the time it
/// may leave (arrival + delay) and queues it; a writer sends the chunks in order, each no earlier than its stamp.
/// The queue is bounded (<see cref="MaxChunksInFlight"/> chunks of at most <see cref="ChunkSize"/> bytes), so a
/// fast sender is held back by TCP flow control instead of filling memory, like a real link's window.
/// </summary>
internal sealed class DelayedPipe
{
    /// <summary>Bytes read per receive.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>Chunks queued at most: 256 × 64 KiB = 16 MiB in flight, 640 MB/s at 25 ms one way.</summary>
    public const int MaxChunksInFlight = 256;

    private readonly Socket _from;
    private readonly Socket _to;
    private readonly long _delayTicks;
    private readonly Action _onData;
    private readonly Channel<Chunk> _queue = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(MaxChunksInFlight)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public DelayedPipe(Socket from, Socket to, TimeSpan delay, Action onData)
    {
        _from = from;
        _to = to;
        _delayTicks = (long)(delay.TotalSeconds * Stopwatch.Frequency);
        _onData = onData;
    }

    private readonly record struct Chunk(byte[] Buffer, int Length, long DueTimestamp);

    /// <summary>Relays until the source closes (then half-closes the destination) or fails.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var writer = WriteLoopAsync(cancellationToken);
        try
        {
            await ReadLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _queue.Writer.TryComplete();
        }

        await writer.ConfigureAwait(false);
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            int read;
            try
            {
                read = await _from.ReceiveAsync(buffer.AsMemory(0, ChunkSize), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }

            if (read == 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return;
            }

            _onData();
            await _queue.Writer.WriteAsync(new Chunk(buffer, read, Stopwatch.GetTimestamp() + _delayTicks), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var chunk in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    var wait = chunk.DueTimestamp - Stopwatch.GetTimestamp();
                    if (wait > 0)
                    {
                        await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
                    }

                    var sent = 0;
                    while (sent < chunk.Length)
                    {
                        sent += await _to.SendAsync(chunk.Buffer.AsMemory(sent, chunk.Length - sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(chunk.Buffer);
                }
            }

            _to.Shutdown(SocketShutdown.Send);
        }
        catch
        {
            // The destination is gone: stop the source too, and the queue, so the reader does not wait forever.
            _queue.Writer.TryComplete();
            _from.Close();
            throw;
        }
    }
}
