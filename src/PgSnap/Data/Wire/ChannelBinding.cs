using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PgSnap.Data.Wire;

/// <summary>
/// tls-server-end-point channel binding data (RFC 5929 §4.1): the hash of the server's certificate, with the
/// hash of its signature algorithm, except that MD5 and SHA-1 are replaced by SHA-256.
/// </summary>
internal static class ChannelBinding
{
    /// <summary>
    /// Computes the binding data, or returns null for a signature algorithm whose hash is not a plain digest
    /// named by its OID (RSASSA-PSS, Ed25519, …); the caller then falls back to SCRAM without binding, as
    /// the server cannot bind those either.
    /// </summary>
    public static byte[]? TlsServerEndPoint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.SignatureAlgorithm.Value switch
        {
            "1.2.840.113549.1.1.4" or "1.2.840.113549.1.1.5" or "1.2.840.113549.1.1.11" or "1.2.840.10045.4.1"
                or "1.2.840.10045.4.3.2" or "1.2.840.10040.4.3" or "2.16.840.1.101.3.4.3.2" => SHA256.HashData(certificate.RawData),
            "1.2.840.113549.1.1.12" or "1.2.840.10045.4.3.3" => SHA384.HashData(certificate.RawData),
            "1.2.840.113549.1.1.13" or "1.2.840.10045.4.3.4" => SHA512.HashData(certificate.RawData),
            _ => null,
        };
    }
}
