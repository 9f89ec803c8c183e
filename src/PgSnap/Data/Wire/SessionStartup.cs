using System.Buffers.Binary;
using System.Text;
using PgSnap.Connection;

namespace PgSnap.Data.Wire;

/// <summary>
/// Runs the startup phase on a fresh transport: StartupMessage, the authentication exchange the server asks
/// for (trust, cleartext, MD5 or SCRAM-SHA-256[-PLUS]), then ParameterStatus and BackendKeyData up to the
/// first ReadyForQuery. Every failure is a <see cref="PgSnapException"/> of kind Connection whose text holds
/// no password.
/// </summary>
internal static class SessionStartup
{
    private const int AuthOk = 0;
    private const int AuthKerberosV5 = 2;
    private const int AuthCleartext = 3;
    private const int AuthMd5 = 5;
    private const int AuthGss = 7;
    private const int AuthGssContinue = 8;
    private const int AuthSspi = 9;
    private const int AuthSasl = 10;
    private const int AuthSaslContinue = 11;
    private const int AuthSaslFinal = 12;

    public static async Task<StartupResult> RunAsync(WireTransport transport, BackendReader reader, ConnectionSpec spec, CancellationToken cancellationToken)
    {
        var user = spec.User ?? throw new PgSnapException(PgSnapErrorKind.Usage, "no user name given");
        await SendAsync(transport, FrontendMessages.Startup(StartupParameters(spec, user)), cancellationToken).ConfigureAwait(false);

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var auth = new AuthExchange();
        int processId = 0, secretKey = 0;
        while (true)
        {
            var message = await reader.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
            byte[]? reply = null;
            switch (message.Code)
            {
                case BackendCodes.Authentication:
                    reply = Answer(message.Payload.Span, auth, transport, spec, user);
                    break;
                case BackendCodes.ParameterStatus:
                    var (name, value) = ParseParameterStatus(message.Payload.Span);
                    parameters[name] = value;
                    break;
                case BackendCodes.BackendKeyData:
                    processId = BinaryPrimitives.ReadInt32BigEndian(message.Payload.Span);
                    secretKey = BinaryPrimitives.ReadInt32BigEndian(message.Payload.Span[4..]);
                    break;
                case BackendCodes.ErrorResponse:
                    var error = ServerError.Parse(message.Payload.Span);
                    throw new PgSnapException(PgSnapErrorKind.Connection, error.Describe()) { SqlState = error.SqlState };
                case BackendCodes.NoticeResponse:
                case BackendCodes.NegotiateProtocolVersion:
                    // We ask for 3.0 without protocol options, so a NegotiateProtocolVersion changes nothing.
                    break;
                case BackendCodes.ReadyForQuery:
                    return new StartupResult(parameters, processId, secretKey, auth.Method);
                default:
                    throw Fail($"unexpected message '{(char)message.Code}' during startup: is this a PostgreSQL server?");
            }

            if (reply is not null)
            {
                await SendAsync(transport, reply, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The client's side of one Authentication request: the reply to send (null: none), noting the method in <paramref name="auth"/>.</summary>
    private static byte[]? Answer(ReadOnlySpan<byte> payload, AuthExchange auth, WireTransport transport, ConnectionSpec spec, string user)
    {
        var request = BinaryPrimitives.ReadInt32BigEndian(payload);
        var data = payload[4..];
        switch (request)
        {
            case AuthOk:
                // A server that skips SCRAM's final step has not proved that it knows the password.
                if (auth.Scram is not null && !auth.ScramVerified)
                {
                    throw Fail("the server ended the SCRAM exchange without proving that it knows the password");
                }

                return null;
            case AuthCleartext:
                auth.Method = "password";
                return FrontendMessages.Password(Encoding.UTF8.GetBytes(RequirePassword(spec)));
            case AuthMd5:
                auth.Method = "md5";
                return FrontendMessages.Password(Md5Password.Response(RequirePassword(spec), user, data[..4]));
            case AuthSasl:
                var (scram, mechanism) = ChooseSasl(data, transport, RequirePassword(spec));
                auth.Scram = scram;
                auth.Method = mechanism;
                return FrontendMessages.SaslInitialResponse(mechanism, scram.ClientFirst());
            case AuthSaslContinue:
                return FrontendMessages.SaslResponse((auth.Scram ?? throw Fail("SASLContinue before SASL")).ClientFinal(data));
            case AuthSaslFinal:
                (auth.Scram ?? throw Fail("SASLFinal before SASL")).VerifyServerFinal(data);
                auth.ScramVerified = true;
                return null;
            case AuthKerberosV5:
            case AuthGss:
            case AuthGssContinue:
            case AuthSspi:
                throw Fail("the server asks for Kerberos/GSSAPI/SSPI authentication, which PgSnap does not support; use a password (scram-sha-256) login");
            default:
                throw Fail($"the server asks for an unknown authentication method ({request})");
        }
    }

    private static List<KeyValuePair<string, string>> StartupParameters(ConnectionSpec spec, string user)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("user", user),
            new("database", spec.Database ?? user),
            new("application_name", spec.ApplicationName ?? "pgsnap"),
            new("client_encoding", "UTF8"),
            new("DateStyle", "ISO"),
        };
        if (!string.IsNullOrWhiteSpace(spec.Options))
        {
            parameters.Add(new("options", spec.Options));
        }

        return parameters;
    }

    /// <summary>
    /// Picks SCRAM-SHA-256-PLUS when we are on TLS, the server offers it and the certificate allows binding;
    /// else SCRAM-SHA-256 with the GS2 flag that tells the server honestly what we could have done.
    /// </summary>
    private static (ScramSha256Client Client, string Mechanism) ChooseSasl(ReadOnlySpan<byte> data, WireTransport transport, string password)
    {
        var offersPlain = false;
        var offersPlus = false;
        while (data.Length > 0 && data[0] != 0)
        {
            var end = data.IndexOf((byte)0);
            if (end < 0)
            {
                break;
            }

            var mechanism = data[..end];
            offersPlain |= mechanism.SequenceEqual("SCRAM-SHA-256"u8);
            offersPlus |= mechanism.SequenceEqual("SCRAM-SHA-256-PLUS"u8);
            data = data[(end + 1)..];
        }

        if (offersPlus && transport.ServerCertificate is { } certificate && ChannelBinding.TlsServerEndPoint(certificate) is { } binding)
        {
            return (new ScramSha256Client(password, 'p', binding), ScramSha256Client.MechanismPlus);
        }

        if (!offersPlain)
        {
            throw Fail("the server offers no SASL mechanism PgSnap supports (SCRAM-SHA-256)");
        }

        // 'y': we could bind but the server did not offer it (lets a server detect a downgrade attack);
        // 'n': no TLS, or the server offered binding we cannot compute for its certificate.
        var flag = transport.IsTls && !offersPlus ? 'y' : 'n';
        return (new ScramSha256Client(password, flag), ScramSha256Client.Mechanism);
    }

    internal static (string Name, string Value) ParseParameterStatus(ReadOnlySpan<byte> payload)
    {
        var nameEnd = payload.IndexOf((byte)0);
        if (nameEnd < 0)
        {
            return (string.Empty, string.Empty);
        }

        var rest = payload[(nameEnd + 1)..];
        var valueEnd = rest.IndexOf((byte)0);
        return (Encoding.UTF8.GetString(payload[..nameEnd]), Encoding.UTF8.GetString(valueEnd < 0 ? rest : rest[..valueEnd]));
    }

    private static string RequirePassword(ConnectionSpec spec) =>
        spec.Password ?? throw Fail("the server asks for a password and none was given (put it in the URL, PGPASSWORD or ~/.pgpass)");

    private static async ValueTask SendAsync(WireTransport transport, byte[] message, CancellationToken cancellationToken)
    {
        await transport.Stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        await transport.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static PgSnapException Fail(string message) => new(PgSnapErrorKind.Connection, message);

    /// <summary>Where the authentication exchange stands across the server's messages.</summary>
    private sealed class AuthExchange
    {
        /// <summary>The method the server asked for, as <see cref="StartupResult"/> reports it.</summary>
        public string Method { get; set; } = "trust";

        public ScramSha256Client? Scram { get; set; }

        /// <summary>Whether the server's SCRAM final message proved that it knows the password.</summary>
        public bool ScramVerified { get; set; }
    }
}

/// <summary>
/// What the startup phase learned: the server's reported parameters, the key for CancelRequest, and the
/// authentication method the server chose (trust, password, md5, SCRAM-SHA-256 or SCRAM-SHA-256-PLUS).
/// </summary>
internal sealed record StartupResult(Dictionary<string, string> Parameters, int ProcessId, int SecretKey, string AuthenticationMethod);
