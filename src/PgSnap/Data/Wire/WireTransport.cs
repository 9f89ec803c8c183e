using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace PgSnap.Data.Wire;

/// <summary>
/// The byte stream under a session: a TCP or Unix-domain socket, wrapped in TLS when the sslmode and the
/// server agree (SSLRequest, then a TLS handshake). Owns the socket; disposing it closes the connection.
/// </summary>
/// <remarks>
/// Differences from libpq: <c>prefer</c> does not retry without TLS after a failed handshake; no ALPN, no direct
/// TLS (PG 17's <c>sslnegotiation=direct</c>). <c>allow</c>'s plain attempt first is the session's (it needs the
/// server's answer to the startup packet).
/// </remarks>
internal sealed class WireTransport : IAsyncDisposable
{
    private readonly Socket _socket;

    private WireTransport(Socket socket, SocketStream raw, Stream stream, EndPoint endPoint, X509Certificate2? serverCertificate)
    {
        _socket = socket;
        Raw = raw;
        Stream = stream;
        EndPoint = endPoint;
        ServerCertificate = serverCertificate;
    }

    /// <summary>The protocol's byte stream: <see cref="Raw"/>, or TLS over it.</summary>
    public Stream Stream { get; }

    /// <summary>The socket's own stream (under TLS when there is TLS): it owns the synchronous, batched reads.</summary>
    public SocketStream Raw { get; }

    /// <summary>Where we connected; a CancelRequest goes to the same place.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>The server's certificate when the stream is TLS, else null.</summary>
    public X509Certificate2? ServerCertificate { get; }

    public bool IsTls => ServerCertificate is not null;

    /// <summary>
    /// Connects to the spec's host and port and negotiates TLS as its sslmode says. A host that starts with
    /// '/' is a Unix socket directory (<c>{host}/.s.PGSQL.{port}</c>); as in libpq, TLS is never tried there.
    /// </summary>
    public static async Task<WireTransport> ConnectAsync(string host, int port, TlsSettings tls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var sslMode = tls.SslMode;
        var (socket, endPoint) = await OpenSocketAsync(host, port, cancellationToken).ConfigureAwait(false);
        try
        {
            var network = new SocketStream(socket);
            if (endPoint is UnixDomainSocketEndPoint || sslMode == "disable")
            {
                return new WireTransport(socket, network, network, endPoint, null);
            }

            await network.WriteAsync(FrontendMessages.SslRequest(), cancellationToken).ConfigureAwait(false);
            var answer = new byte[1];
            // Read exactly one byte: anything the server sent after 'S' before the handshake must not be
            // treated as TLS-protected (CVE-2021-23222).
            if (await network.ReadAsync(answer, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new PgSnapException(PgSnapErrorKind.Connection, "the server closed the connection after the TLS request");
            }

            switch (answer[0])
            {
                case (byte)'S':
                    return await StartTlsAsync(socket, network, endPoint, host, tls, cancellationToken).ConfigureAwait(false);
                case (byte)'N' when sslMode is "prefer" or "allow":
                    return new WireTransport(socket, network, network, endPoint, null);
                case (byte)'N':
                    throw new PgSnapException(PgSnapErrorKind.Connection, $"the server does not support TLS, but sslmode is {sslMode} (use sslmode=prefer or disable)");
                default:
                    throw new PgSnapException(PgSnapErrorKind.Connection, "the server answered the TLS request with garbage: is this a PostgreSQL server?");
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<WireTransport> StartTlsAsync(Socket socket, SocketStream network, EndPoint endPoint, string host, TlsSettings settings, CancellationToken cancellationToken)
    {
        var options = new SslClientAuthenticationOptions { TargetHost = host };
        var policy = settings.Apply(options);
        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationException ex)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new PgSnapException(PgSnapErrorKind.Connection, TlsSettings.HandshakeFailure(policy, ex), ex);
        }

        var certificate = tls.RemoteCertificate is null ? null : new X509Certificate2(tls.RemoteCertificate);
        return new WireTransport(socket, network, tls, endPoint, certificate);
    }

    private static async Task<(Socket Socket, EndPoint EndPoint)> OpenSocketAsync(string host, int port, CancellationToken cancellationToken)
    {
        if (host.StartsWith('/'))
        {
            var path = Path.Combine(host, ".s.PGSQL." + port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var endPoint = new UnixDomainSocketEndPoint(path);
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await unix.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
                return (unix, endPoint);
            }
            catch
            {
                unix.Dispose();
                throw;
            }
        }

        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Connection, $"the host name {host} has no address");
        }

        // Try every address in turn, as libpq does (localhost is often ::1 then 127.0.0.1).
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var endPoint = new IPEndPoint(address, port);
            var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                await tcp.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
                return (tcp, endPoint);
            }
            catch (SocketException ex)
            {
                tcp.Dispose();
                last = ex;
            }
            catch
            {
                tcp.Dispose();
                throw;
            }
        }

        throw last!;
    }

    /// <summary>Closes the connection at once; a pending read fails. Safe to call from a cancellation callback.</summary>
    public void Abort()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
        }
        finally
        {
            _socket.Dispose();
            ServerCertificate?.Dispose();
        }
    }
}
