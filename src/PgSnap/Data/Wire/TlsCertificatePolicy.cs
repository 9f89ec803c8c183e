using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PgSnap.Data.Wire;

/// <summary>
/// Decides whether the server's certificate is acceptable under a libpq sslmode:
/// <c>require</c> accepts any certificate (unless a root certificate file is given, then it acts as
/// <c>verify-ca</c>, as libpq does); <c>verify-ca</c> needs a chain to a trusted root and ignores the host
/// name; <c>verify-full</c> needs the chain and the host name. Trusted roots are the certificates in
/// <c>sslrootcert</c> (a PEM file), or the system store when it is not set or is <c>system</c>. With <c>sslcrl</c> or
/// <c>sslcrldir</c>, a verified server certificate must also not be revoked by its issuer's list in that file or
/// directory (OpenSSL's check for libpq: a missing list for the issuer is a failure too). Both clients validate through this class.
/// </summary>
internal sealed class TlsCertificatePolicy
{
    private readonly bool _verifyChain;
    private readonly bool _verifyHostName;
    private readonly X509Certificate2Collection? _roots;
    private readonly IReadOnlyList<RevocationList>? _revocationLists;

    private TlsCertificatePolicy(bool verifyChain, bool verifyHostName, X509Certificate2Collection? roots, IReadOnlyList<RevocationList>? revocationLists = null)
    {
        _verifyChain = verifyChain;
        _verifyHostName = verifyHostName;
        _roots = roots;
        _revocationLists = verifyChain ? revocationLists : null;
    }

    /// <summary>Why the last certificate was refused, for the error message.</summary>
    public string? Failure { get; private set; }

    public static TlsCertificatePolicy For(string sslMode, string? rootCertificatePath, string? revocationListPath = null, string? revocationListDirectory = null)
    {
        var explicitRoots = rootCertificatePath is not null && !string.Equals(rootCertificatePath, "system", StringComparison.OrdinalIgnoreCase);
        var roots = explicitRoots ? LoadRoots(rootCertificatePath!) : null;
        var verifies = sslMode is "verify-ca" or "verify-full" || (sslMode == "require" && explicitRoots);
        var crls = verifies && (revocationListPath is not null || revocationListDirectory is not null)
            ? [.. revocationListPath is null ? [] : RevocationList.LoadPemFile(revocationListPath),
               .. revocationListDirectory is null ? [] : RevocationList.LoadDirectory(revocationListDirectory)]
            : (IReadOnlyList<RevocationList>?)null;
        return sslMode switch
        {
            "verify-full" => new TlsCertificatePolicy(true, true, roots, crls),
            "verify-ca" => new TlsCertificatePolicy(true, false, roots, crls),
            "require" when explicitRoots => new TlsCertificatePolicy(true, false, roots, crls),
            _ => new TlsCertificatePolicy(false, false, null),
        };
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (!_verifyChain)
        {
            return true;
        }

        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            Failure = "the server sent no certificate";
            return false;
        }

        if (_verifyHostName && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            Failure = "the server certificate does not match the host name (sslmode=verify-full)";
            return false;
        }

        if (_roots is null)
        {
            if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            {
                Failure = "the server certificate does not chain to a trusted root in the system store" + ChainStatus(chain);
                return false;
            }

            return NotRevoked(certificate, chain);
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);
        // libpq checks revocation only against sslcrl (NotRevoked below), never online.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        if (!custom.Build(leaf))
        {
            Failure = "the server certificate does not chain to the root certificate in sslrootcert" + ChainStatus(custom);
            return false;
        }

        return NotRevoked(leaf, custom);
    }

    /// <summary>The sslcrl / sslcrldir check of the server's certificate against its issuer's list (true when there is neither).</summary>
    private bool NotRevoked(X509Certificate certificate, X509Chain? chain)
    {
        if (_revocationLists is null)
        {
            return true;
        }

        using var leaf = new X509Certificate2(certificate);
        var issuer = chain is { ChainElements.Count: > 1 } ? chain.ChainElements[1].Certificate : chain?.ChainElements[0].Certificate;
        var list = _revocationLists.FirstOrDefault(l => l.Issuer.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData));
        if (list is null || issuer is null)
        {
            Failure = "sslcrl holds no certificate revocation list of the server certificate's issuer";
            return false;
        }

        if (!list.IsSignedBy(issuer))
        {
            Failure = "the certificate revocation list in sslcrl is not signed by the server certificate's issuer";
            return false;
        }

        if (list.Revokes(leaf))
        {
            Failure = "the server certificate is revoked (sslcrl)";
            return false;
        }

        return true;
    }

    private static string ChainStatus(X509Chain? chain)
    {
        if (chain is null || chain.ChainStatus.Length == 0)
        {
            return string.Empty;
        }

        return " (" + chain.ChainStatus[0].StatusInformation.Trim() + ")";
    }

    private static X509Certificate2Collection LoadRoots(string path)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new PgSnapException(PgSnapErrorKind.Connection, $"cannot read the root certificate file {path}: {ex.Message}", ex);
        }

        if (roots.Count == 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Connection, $"the root certificate file {path} holds no PEM certificate");
        }

        return roots;
    }
}
