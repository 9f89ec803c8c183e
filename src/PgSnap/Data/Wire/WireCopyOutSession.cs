using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using PgSnap.Connection;

namespace PgSnap.Data.Wire;

/// <summary>
/// A lean PostgreSQL protocol v3 client for the data connections of a dump: it connects (TCP or Unix socket,
/// TLS by sslmode, trust / cleartext / MD5 / SCRAM-SHA-256[-PLUS]), runs simple statements, and streams
/// <c>COPY … TO STDOUT</c> by walking many CopyData messages per socket read straight into a
/// <see cref="System.IO.Pipelines.PipeWriter"/> (docs/ARCHITECTURE.md, "The data path": Npgsql's raw copy stream returns one row per Read).
/// </summary>
/// <remarks>
/// Not thread-safe: one operation at a time. After a server error the session stays usable (the error is
/// drained up to ReadyForQuery); after cancellation or a lost connection it is broken and only disposing it
/// makes sense.
/// </remarks>
public sealed partial class WireCopyOutSession : ICopyOutSession
{
    /// <summary>Size of the pooled socket read buffer: big reads are the point of this client.</summary>
    private const int ReadBufferSize = 256 * 1024;

    private readonly WireTransport _transport;
    private readonly BackendReader _reader;
    private readonly ConnectionSpec _spec;
    private readonly Dictionary<string, string> _parameters;
    private readonly int _processId;
    private readonly int _secretKey;
    private SessionState _state = SessionState.Ready;

    /// <summary>COPY statements sent ahead whose answers have not been read yet, oldest first.</summary>
    private readonly Queue<string> _sentAhead = new();

    private WireCopyOutSession(WireTransport transport, BackendReader reader, ConnectionSpec spec, StartupResult startup)
    {
        _transport = transport;
        _reader = reader;
        _spec = spec;
        _parameters = startup.Parameters;
        _processId = startup.ProcessId;
        _secretKey = startup.SecretKey;
        AuthenticationMethod = startup.AuthenticationMethod;
    }

    /// <summary>The server's ParameterStatus values (server_version, TimeZone, …), as last reported.</summary>
    public IReadOnlyDictionary<string, string> ServerParameters => _parameters;

    /// <summary>The backend's process id (pg_backend_pid()).</summary>
    public int BackendProcessId => _processId;

    /// <summary>How the server authenticated us: trust, password, md5, SCRAM-SHA-256 or SCRAM-SHA-256-PLUS.</summary>
    public string AuthenticationMethod { get; }

    /// <summary>True when the connection is encrypted with TLS.</summary>
    public bool IsTls => _transport.IsTls;

    /// <summary>Called for every NoticeResponse (warnings, notices); notices are dropped when it is null.</summary>
    public Action<ServerError>? NoticeHandler { get; set; }

    /// <summary>
    /// Connects and authenticates. <paramref name="spec"/> must be resolved (host, port, user, database set;
    /// see <see cref="ConnectionResolver"/>). Fails with a <see cref="PgSnapException"/> of kind Connection
    /// whose message names the server but never the password.
    /// </summary>
    public static async Task<WireCopyOutSession> OpenAsync(ConnectionSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!ConnectionTargets.NeedsSelection(spec))
        {
            return await OpenOneAsync(spec, ct).ConfigureAwait(false);
        }

        return await HostSelection.SelectAsync(
            spec,
            OpenOneAsync,
            static (session, token) => session.ReadServerStateAsync(token),
            static session => session.DisposeAsync(),
            ct).ConfigureAwait(false);
    }

    /// <summary>The host this session connected to (one of the spec's hosts) and its port.</summary>
    public ConnectionSpec Target => _spec;

    /// <summary>Whether the server is a hot standby and its sessions read-only, as target_session_attrs judges it.</summary>
    internal async Task<ServerState> ReadServerStateAsync(CancellationToken cancellationToken)
    {
        if (ServerState.FromParameters(name => _parameters.GetValueOrDefault(name)) is { } reported)
        {
            return reported;
        }

        var pipe = new System.IO.Pipelines.Pipe();
        await CopyOutAsync($"COPY ({ServerState.Query}) TO STDOUT", pipe.Writer, cancellationToken).ConfigureAwait(false);
        await pipe.Writer.CompleteAsync().ConfigureAwait(false);
        var result = await pipe.Reader.ReadAtLeastAsync(int.MaxValue / 2, cancellationToken).ConfigureAwait(false);
        var fields = System.Text.Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(result.Buffer)).TrimEnd('\n').Split('\t');
        await pipe.Reader.CompleteAsync().ConfigureAwait(false);
        return new ServerState(fields[0] == "t", fields.Length > 1 && fields[1] == "t");
    }

    /// <summary>Connects to the one server <paramref name="spec"/> names.</summary>
    private static async Task<WireCopyOutSession> OpenOneAsync(ConnectionSpec spec, CancellationToken ct)
    {
        var host = spec.Host ?? "localhost";
        var port = spec.Port ?? 5432;
        var timeoutSeconds = spec.ConnectTimeoutSeconds is > 0 ? spec.ConnectTimeoutSeconds.Value : 15;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));

        WireTransport? transport = null;
        BackendReader? reader = null;
        var tls = TlsSettings.For(spec);
        try
        {
            try
            {
                transport = await WireTransport.ConnectAsync(host, port, tls.SslMode == "allow" ? tls.WithoutTls() : tls, timeout.Token).ConfigureAwait(false);
                reader = new BackendReader(transport.Stream, ReadBufferSize);
                var startup = await SessionStartup.RunAsync(transport, reader, spec, timeout.Token).ConfigureAwait(false);
                return new WireCopyOutSession(transport, reader, spec, startup);
            }
            catch (PgSnapException refused) when (tls.SslMode == "allow" && refused.SqlState is not null)
            {
                // libpq's allow: a plain connection first; when the server refuses it during startup (pg_hba's
                // hostssl-only lines), one more attempt with TLS.
                reader?.Dispose();
                reader = null;
                await transport!.DisposeAsync().ConfigureAwait(false);
                transport = await WireTransport.ConnectAsync(host, port, tls, timeout.Token).ConfigureAwait(false);
                reader = new BackendReader(transport.Stream, ReadBufferSize);
                var startup = await SessionStartup.RunAsync(transport, reader, spec, timeout.Token).ConfigureAwait(false);
                return new WireCopyOutSession(transport, reader, spec, startup);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            reader?.Dispose();
            if (transport is not null)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }

            throw ConnectionFailure(ex, spec, timeoutSeconds);
        }
        catch
        {
            reader?.Dispose();
            if (transport is not null)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (_sentAhead.Count > 0)
        {
            throw new InvalidOperationException("statements sent ahead must be copied before anything else runs");
        }

        BeginOperation();
        using var registration = cancellationToken.UnsafeRegister(static s => ((WireCopyOutSession)s!).Abort(), this);
        try
        {
            await SendAsync(FrontendMessages.Query(sql), cancellationToken).ConfigureAwait(false);
            ServerError? error = null;
            while (true)
            {
                var message = await _reader.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
                switch (message.Code)
                {
                    case BackendCodes.ReadyForQuery:
                        _state = SessionState.Ready;
                        if (error is not null)
                        {
                            throw StatementFailure(sql, error);
                        }

                        return;
                    case BackendCodes.ErrorResponse:
                        error ??= ServerError.Parse(message.Payload.Span);
                        break;
                    case BackendCodes.CopyInResponse:
                        // COPY FROM STDIN is not what this session is for; the server answers CopyFail with an error.
                        await SendAsync(FrontendMessages.CopyFail("pgsnap: COPY FROM STDIN is not supported on this session"), cancellationToken).ConfigureAwait(false);
                        break;
                    case BackendCodes.CopyOutResponse:
                    case BackendCodes.CopyBothResponse:
                        throw BreakWith(sql, "a COPY TO STDOUT must go through CopyOutAsync");
                    default:
                        HandleAsynchronous(message.Code, message.Payload.Span);
                        break;
                }
            }
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw await TransportFailureAsync(ex, sql, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends Terminate when the session is idle, then closes the connection and returns the buffer.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_state == SessionState.Disposed)
        {
            return;
        }

        if (_state == SessionState.Ready)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await SendAsync(FrontendMessages.Terminate(), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportFailure(ex))
            {
                // The server is gone already; nothing to say goodbye to.
            }
        }

        _state = SessionState.Disposed;
        await _transport.DisposeAsync().ConfigureAwait(false);
        _reader.Dispose();
    }

    private void BeginOperation()
    {
        switch (_state)
        {
            case SessionState.Ready:
                _state = SessionState.Busy;
                return;
            case SessionState.Busy:
                throw new InvalidOperationException("the session is already running a statement");
            case SessionState.Broken:
                throw new PgSnapException(PgSnapErrorKind.Failure, "the session's connection was lost or cancelled; open a new one");
            default:
                throw new ObjectDisposedException(nameof(WireCopyOutSession));
        }
    }

    /// <summary>Handles messages that may arrive at any time: notices, parameter changes, notifications.</summary>
    private void HandleAsynchronous(byte code, ReadOnlySpan<byte> payload)
    {
        switch (code)
        {
            case BackendCodes.NoticeResponse:
                NoticeHandler?.Invoke(ServerError.Parse(payload));
                break;
            case BackendCodes.ParameterStatus:
                var (name, value) = SessionStartup.ParseParameterStatus(payload);
                _parameters[name] = value;
                break;
            case BackendCodes.NotificationResponse:
            case BackendCodes.CommandComplete:
            case BackendCodes.EmptyQueryResponse:
            case BackendCodes.RowDescription:
            case BackendCodes.DataRow:
                break;
            default:
                _state = SessionState.Broken;
                throw new InvalidDataException($"unexpected message '{(char)code}' from the server: the connection is out of sync");
        }
    }

    private async ValueTask SendAsync(byte[] message, CancellationToken cancellationToken)
    {
        await _transport.Stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        await _transport.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancellation callback: closing the socket makes any pending read or write fail at once.</summary>
    private void Abort()
    {
        if (_state != SessionState.Disposed)
        {
            _state = SessionState.Broken;
        }

        _transport.Abort();
    }

    private PgSnapException BreakWith(string sql, string reason)
    {
        _state = SessionState.Broken;
        _transport.Abort();
        return new PgSnapException(PgSnapErrorKind.Failure, SecretRedactor.Redact($"{FirstLine(sql)}: {reason}"));
    }

    private PgSnapException StatementFailure(string sql, ServerError error) =>
        new(PgSnapErrorKind.Failure, SecretRedactor.Redact($"{FirstLine(sql)}: {error.Severity}: {error.Describe()}"))
        {
            SqlState = error.SqlState,
        };

    private static bool IsTransportFailure(Exception ex) =>
        ex is IOException or SocketException or ObjectDisposedException or InvalidDataException or OperationCanceledException;

    /// <summary>
    /// The session is broken after a transport failure. On cancellation the server is also asked to cancel
    /// (CancelRequest) so that a backend busy without writing stops too, and the caller gets the
    /// <see cref="OperationCanceledException"/> it expects.
    /// </summary>
    private async Task<Exception> TransportFailureAsync(Exception ex, string sql, CancellationToken cancellationToken)
    {
        var wasDisposed = _state == SessionState.Disposed;
        _state = wasDisposed ? SessionState.Disposed : SessionState.Broken;
        _transport.Abort();
        if (cancellationToken.IsCancellationRequested)
        {
            await SendCancelRequestAsync().ConfigureAwait(false);
            return new OperationCanceledException("the statement was cancelled", ex, cancellationToken);
        }

        var reason = ex is EndOfStreamException or InvalidDataException ? ex.Message : $"connection lost ({ex.Message.ReplaceLineEndings(" ")})";
        return new PgSnapException(PgSnapErrorKind.Failure, SecretRedactor.Redact($"{FirstLine(sql)}: {reason}"), ex);
    }

    /// <summary>Best effort, a few seconds at most: a CancelRequest on a new plain connection (as libpq's PQcancel).</summary>
    private async Task SendCancelRequestAsync()
    {
        if (_processId == 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            var endPoint = _transport.EndPoint;
            using var socket = endPoint is UnixDomainSocketEndPoint
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(((IPEndPoint)endPoint).AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(endPoint, timeout.Token).ConfigureAwait(false);
            await socket.SendAsync(FrontendMessages.CancelRequest(_processId, _secretKey), SocketFlags.None, timeout.Token).ConfigureAwait(false);
            // The server closes the connection when it has read the request; wait for that so it is not lost.
            await socket.ReceiveAsync(new byte[1], SocketFlags.None, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>The statement's first non-empty line, shortened, for error messages.</summary>
    internal static string FirstLine(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        var newline = text.IndexOfAny('\r', '\n');
        if (newline >= 0)
        {
            text = text[..newline];
        }

        text = text.TrimEnd();
        return text.Length > 100 ? string.Concat(text[..100], "…") : text.ToString();
    }

    private static PgSnapException ConnectionFailure(Exception ex, ConnectionSpec spec, int timeoutSeconds)
    {
        var sqlState = (ex as PgSnapException)?.SqlState;
        var reason = ex switch
        {
            PgSnapException pg => pg.Message,
            OperationCanceledException => $"timed out after {timeoutSeconds} s",
            AuthenticationException auth => "TLS handshake failed: " + auth.Message,
            SocketException socket => socket.Message,
            EndOfStreamException => "the server closed the connection during startup",
            _ => ex.Message.ReplaceLineEndings(" "),
        };
        return ConnectionError.Create(spec, reason, sqlState, ex);
    }

    private enum SessionState
    {
        Ready,
        Busy,
        Broken,
        Disposed,
    }
}
