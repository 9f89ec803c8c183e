using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace PgSnap.Benchmarks.Latency;

/// <summary>
/// A TCP proxy on 127.0.0.1 that forwards every connection to an upstream port and holds each byte for
/// <see cref="OneWayDelay"/> in each direction, so that a client on loopback sees a server that far away (a round
/// trip costs twice the delay). Bytes keep their order and stream through bounded buffers (<see cref="DelayedPipe"/>):
/// bandwidth is not limited beyond what the in-flight window allows. It also counts request/response turns (how
/// often a connection's traffic changes from client → server to server → client), which is the number of round
/// trips a client waited for.
/// </summary>
internal sealed class DelayProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly List<Task> _connections = [];
    private long _turns;
    private long _connectionsOpened;

    private DelayProxy(int upstreamPort, TimeSpan oneWayDelay)
    {
        _upstreamPort = upstreamPort;
        OneWayDelay = oneWayDelay;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(backlog: 128);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The port clients connect to.</summary>
    public int Port { get; }

    /// <summary>Delay added to each direction; a change applies to connections opened after it.</summary>
    public TimeSpan OneWayDelay { get; set; }

    /// <summary>Request/response turns over all connections since the last <see cref="ResetCounters"/>.</summary>
    public long Turns => Interlocked.Read(ref _turns);

    /// <summary>Connections accepted since the last <see cref="ResetCounters"/>.</summary>
    public long Connections => Interlocked.Read(ref _connectionsOpened);

    public static DelayProxy Start(int upstreamPort, TimeSpan oneWayDelay) => new(upstreamPort, oneWayDelay);

    public void ResetCounters()
    {
        Interlocked.Exchange(ref _turns, 0);
        Interlocked.Exchange(ref _connectionsOpened, 0);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connectionsOpened);
            var task = RelayAsync(client, OneWayDelay);
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(task);
            }
        }
    }

    private async Task RelayAsync(Socket client, TimeSpan delay)
    {
        using var clientSocket = client;
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            client.NoDelay = true;
            server.NoDelay = true;
            await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _upstreamPort), _stop.Token).ConfigureAwait(false);
            var turn = new TurnCounter(() => Interlocked.Increment(ref _turns));
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = new DelayedPipe(client, server, delay, turn.OnRequest).RunAsync(linked.Token);
            var down = new DelayedPipe(server, client, delay, turn.OnResponse).RunAsync(linked.Token);
            // Either side closing (or failing) ends the connection once the other direction has drained.
            await Task.WhenAny(up, down).ConfigureAwait(false);
            await Task.WhenAll(up, down).WaitAsync(TimeSpan.FromSeconds(30) + 4 * delay, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or TimeoutException or ObjectDisposedException or ChannelClosedException)
        {
            // A connection reset or the proxy stopping: nothing to report for a benchmark relay.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open).ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Counts a turn each time server → client bytes follow client → server bytes on one connection.</summary>
    private sealed class TurnCounter(Action onTurn)
    {
        private int _lastRequest;

        public void OnRequest() => Volatile.Write(ref _lastRequest, 1);

        public void OnResponse()
        {
            if (Interlocked.Exchange(ref _lastRequest, 0) == 1)
            {
                onTurn();
            }
        }
    }
}
