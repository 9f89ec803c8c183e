using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using PgSnap.Connection;

namespace PgSnap.Data.Wire;

/// <summary>
/// A spec's TLS parameters (sslmode, sslrootcert, sslcrl, sslcrldir, sslcert/sslkey/sslpassword) turned into what a TLS client
/// handshake needs: the same <see cref="TlsCertificatePolicy"/> and client certificate for the wire client and for
/// Npgsql (through its authentication-options callback), so that both accept and refuse the same servers.
/// </summary>
public sealed class TlsSettings
{
    private readonly ConnectionSpec _spec;
    private readonly Lazy<X509Certificate2?> _clientCertificate;

    private TlsSettings(ConnectionSpec spec)
    {
        _spec = spec;
        SslMode = spec.SslMode is null ? "prefer" : SslModes.Normalize(spec.SslMode);
        _clientCertificate = new Lazy<X509Certificate2?>(() => ClientCertificateFile.Load(spec));
    }

    private TlsSettings(TlsSettings settings, string sslMode)
    {
        _spec = settings._spec;
        SslMode = sslMode;
        _clientCertificate = settings._clientCertificate;
    }

    /// <summary>The normalized sslmode (prefer when none was given).</summary>
    public string SslMode { get; }

    public static TlsSettings For(ConnectionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new TlsSettings(spec);
    }

    /// <summary>The same settings for a plain attempt (sslmode=allow tries one before TLS).</summary>
    internal TlsSettings WithoutTls() => new(this, "disable");

    /// <summary>Sets certificate validation and the client certificate on <paramref name="options"/>; returns the policy to ask why it refused.</summary>
    internal TlsCertificatePolicy Apply(SslClientAuthenticationOptions options)
    {
        var policy = TlsCertificatePolicy.For(SslMode, _spec.SslRootCert, _spec.SslCrl, _spec.SslCrlDir);
        options.RemoteCertificateValidationCallback = policy.Validate;
        options.CertificateRevocationCheckMode = X509RevocationMode.NoCheck;
        if (_clientCertificate.Value is { } certificate)
        {
            options.ClientCertificates = [certificate];
            // The server's list of acceptable issuers must not make the runtime drop the one certificate we have.
            options.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        return policy;
    }

    /// <summary>Npgsql's hook: the same settings, and the last refusal kept for the error message.</summary>
    public void ApplyTo(SslClientAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        LastPolicy = Apply(options);
    }

    /// <summary>The policy of the last Npgsql handshake (its <see cref="TlsCertificatePolicy.Failure"/> explains a refusal).</summary>
    internal TlsCertificatePolicy? LastPolicy { get; private set; }

    /// <summary>The one-line reason of a failed handshake, the same for both clients.</summary>
    internal static string HandshakeFailure(TlsCertificatePolicy? policy, Exception ex) => "TLS handshake failed: " + (policy?.Failure ?? ex.Message);
}
