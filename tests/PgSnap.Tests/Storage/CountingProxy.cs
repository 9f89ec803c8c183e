using System.Net;
using System.Net.Sockets;

namespace PgSnap.Tests.Storage;

/// <summary>
/// A loopback TCP proxy in front of the S3 server that counts the bytes each way: what the server served
/// (<see cref="BytesServed"/>: responses, headers included) and what the client sent (<see cref="BytesSent"/>).
/// The CLI is pointed at <see cref="Endpoint"/>; nothing is changed on the way.
/// </summary>
internal sealed class CountingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _served;
    private long _sent;

    public CountingProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        // Off the test framework's synchronization context, whose few threads other tests may be holding.
        _accepting = Task.Run(AcceptAsync);
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public long BytesServed => Interlocked.Read(ref _served);

    public long BytesSent => Interlocked.Read(ref _sent);

    /// <summary>A pause after each chunk relayed (either way), to slow a transfer down so a test can act in its middle.</summary>
    public TimeSpan DelayPerChunk { get; set; }

    /// <summary>Once the client has sent this many bytes, nothing more is relayed toward the server (a stalled upload).</summary>
    public long? StallSendingAfter { get; set; }

    public void Reset()
    {
        Interlocked.Exchange(ref _served, 0);
        Interlocked.Exchange(ref _sent, 0);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort);
            }
            catch (SocketException)
            {
                return; // the server is down: the client sees its connection closed
            }

            var up = PumpAsync(client.GetStream(), server.GetStream(), n => Interlocked.Add(ref _sent, n), stalls: true);
            var down = PumpAsync(server.GetStream(), client.GetStream(), n => Interlocked.Add(ref _served, n), stalls: false);
            await Task.WhenAny(up, down);
            client.Close();
            server.Close();
            await Task.WhenAll(up, down).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    private async Task PumpAsync(Stream from, Stream to, Action<int> count, bool stalls)
    {
        var buffer = new byte[81920];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                count(n);
                if (stalls && StallSendingAfter is { } stall && BytesSent >= stall)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
                if (DelayPerChunk > TimeSpan.Zero)
                {
                    await Task.Delay(DelayPerChunk, _stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }
    }

    /// <summary>Stops relaying and closes every connection, both sides (safe to call twice).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
    }
}
