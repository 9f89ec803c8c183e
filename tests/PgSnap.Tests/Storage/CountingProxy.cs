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

    /// <summary>
    /// Answers a connection's first request with 403 (and closes it) when it is a HEAD, as S3 answers a key allowed to
    /// write but not to read; every other request is relayed. The S3 client opens a new connection after each such
    /// 403, so each HEAD a dump sends first on its connection is refused.
    /// </summary>
    public bool DenyHeads { get; set; }

    /// <summary>HEAD requests answered 403 because of <see cref="DenyHeads"/>.</summary>
    public int HeadsDenied => Volatile.Read(ref _headsDenied);

    private int _headsDenied;

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

            if (DenyHeads && await DeniedHeadAsync(client.GetStream(), server.GetStream()))
            {
                return;
            }

            var up = PumpAsync(client.GetStream(), server.GetStream(), n => Interlocked.Add(ref _sent, n), stalls: true);
            var down = PumpAsync(server.GetStream(), client.GetStream(), n => Interlocked.Add(ref _served, n), stalls: false);
            await Task.WhenAny(up, down);
            client.Close();
            server.Close();
            await Task.WhenAll(up, down).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Reads the connection's first bytes: a HEAD is answered 403 here (true); anything else goes on to the server.</summary>
    private async Task<bool> DeniedHeadAsync(Stream client, Stream server)
    {
        var buffer = new byte[81920];
        int n;
        try
        {
            n = await client.ReadAsync(buffer, _stop.Token);
            Interlocked.Add(ref _sent, n);
            if (n >= 5 && buffer.AsSpan(0, 5).SequenceEqual("HEAD "u8))
            {
                Interlocked.Increment(ref _headsDenied);
                var response = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray();
                await client.WriteAsync(response, _stop.Token);
                Interlocked.Add(ref _served, response.Length);
                return true;
            }

            await server.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            return false;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            return true;
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
