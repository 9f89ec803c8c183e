using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PgSnap.Connection;

namespace PgSnap.Data.Wire;

/// <summary>
/// The client certificate of libpq's <c>sslcert</c>/<c>sslkey</c>/<c>sslpassword</c>, for servers that log users in by
/// certificate (<c>hostssl … cert</c>). As in libpq: no certificate file, no client certificate; a certificate without
/// its key, or a key that group or others can read, is an error.
/// </summary>
internal static class ClientCertificateFile
{
    /// <summary>The certificate with its private key, or null when the spec names no existing certificate file.</summary>
    public static X509Certificate2? Load(ConnectionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.SslCert is not { } certPath || !File.Exists(certPath))
        {
            return null;
        }

        // libpq's default key is ~/.postgresql/postgresql.key whatever the certificate's name.
        var keyPath = spec.SslKey ?? Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".postgresql", "postgresql.key");
        if (!File.Exists(keyPath))
        {
            throw new PgSnapException(PgSnapErrorKind.Connection, $"certificate present, but not private key file \"{keyPath}\"");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(keyPath) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Connection, $"private key file \"{keyPath}\" has group or world access; file must have permissions u=rw (0600) or less");
        }

        try
        {
            using var loaded = spec.SslPassword is { Length: > 0 } password
                ? X509Certificate2.CreateFromEncryptedPemFile(certPath, password, keyPath)
                : X509Certificate2.CreateFromPemFile(certPath, keyPath);
            // A PEM key is ephemeral; TLS stacks want the key in a form they can hand to the handshake.
            return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException ex)
        {
            var why = spec.SslPassword is null && File.ReadAllText(keyPath).Contains("ENCRYPTED", StringComparison.Ordinal)
                ? "the key is encrypted: give its passphrase with sslpassword"
                : ex.Message;
            throw new PgSnapException(PgSnapErrorKind.Connection, $"could not load the client certificate \"{certPath}\" with key \"{keyPath}\": {why}", ex);
        }
    }
}
