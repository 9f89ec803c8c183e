using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PgSnap.Tests.Majors;

/// <summary>
/// A TCP proxy in front of a real server that changes one thing: the <c>server_version</c> the server announces in
/// its ParameterStatus message at the start of each session. No PostgreSQL 19 exists to test against, so this lets
/// the real <c>pgsnap dump</c> meet a server that calls itself 19 (the version pg_dump and PgSnap's preflight judge a
/// server by) while every query still runs on the real catalog behind it. Plain connections only (sslmode=disable).
/// </summary>
internal sealed class VersionRewritingProxy : IAsyncDisposable
{
    private const int SslRequestCode = 80877103;
    private const int GssEncRequestCode = 80877104;

    private readonly TcpListener _listener;
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly string _version;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    private VersionRewritingProxy(string targetHost, int targetPort, string version)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _version = version;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The port the proxy listens on (127.0.0.1).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Starts a proxy to <paramref name="host"/>:<paramref name="port"/> announcing <paramref name="version"/>.</summary>
    public static VersionRewritingProxy Start(string host, int port, string version) => new(host, port, version);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
                var clientStream = client.GetStream();
                var serverStream = server.GetStream();
                await StartupAsync(clientStream, serverStream);
                var up = clientStream.CopyToAsync(serverStream, _stop.Token);
                var down = ServerToClientAsync(serverStream, clientStream);
                await Task.WhenAny(up, down);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    // The client's first packets have no type byte; an SSL or GSS encryption request is answered by one bare byte
    // (a refusal, with sslmode=disable), after which the client sends its StartupMessage.
    private async Task StartupAsync(NetworkStream client, NetworkStream server)
    {
        var header = new byte[4];
        while (true)
        {
            await client.ReadExactlyAsync(header, _stop.Token);
            var body = new byte[BinaryPrimitives.ReadInt32BigEndian(header) - 4];
            await client.ReadExactlyAsync(body, _stop.Token);
            await server.WriteAsync(header, _stop.Token);
            await server.WriteAsync(body, _stop.Token);
            var code = body.Length >= 4 ? BinaryPrimitives.ReadInt32BigEndian(body) : 0;
            if (code is not (SslRequestCode or GssEncRequestCode))
            {
                return;
            }

            await server.ReadExactlyAsync(header.AsMemory(0, 1), _stop.Token);
            await client.WriteAsync(header.AsMemory(0, 1), _stop.Token);
        }
    }

    private async Task ServerToClientAsync(NetworkStream from, NetworkStream to)
    {
        var header = new byte[5];
        while (true)
        {
            await from.ReadExactlyAsync(header, _stop.Token);
            var body = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4];
            await from.ReadExactlyAsync(body, _stop.Token);
            if (header[0] == (byte)'S' && Encoding.ASCII.GetString(body).StartsWith("server_version\0", StringComparison.Ordinal))
            {
                body = Encoding.ASCII.GetBytes("server_version\0" + _version + "\0");
                BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), body.Length + 4);
            }

            await to.WriteAsync(header, _stop.Token);
            await to.WriteAsync(body, _stop.Token);
            if (header[0] == (byte)'Z')
            {
                // Session started (ReadyForQuery): the rest is passed through untouched.
                await from.CopyToAsync(to, _stop.Token);
                return;
            }
        }
    }
}
