using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PgSnap.Data.Wire;

/// <summary>
/// One certificate revocation list of libpq's <c>sslcrl</c> file (PEM "X509 CRL" blocks): its issuer, its signed part
/// and signature, and the serial numbers it revokes. .NET's chain engine takes no CRL file, so the check OpenSSL does
/// for libpq (the leaf against its issuer's CRL, whose signature must verify with the issuer's key) is done here.
/// </summary>
internal sealed class RevocationList
{
    private readonly HashSet<string> _revokedSerials;
    private readonly byte[] _signedPart;
    private readonly byte[] _signature;
    private readonly string _signatureAlgorithm;

    private RevocationList(X500DistinguishedName issuer, HashSet<string> revokedSerials, byte[] signedPart, byte[] signature, string signatureAlgorithm)
    {
        Issuer = issuer;
        _revokedSerials = revokedSerials;
        _signedPart = signedPart;
        _signature = signature;
        _signatureAlgorithm = signatureAlgorithm;
    }

    public X500DistinguishedName Issuer { get; }

    /// <summary>
    /// Every CRL in a directory (libpq's <c>sslcrldir</c>). OpenSSL looks lists up by the issuer's hashed name
    /// (<c>c_rehash</c>'s <c>1a2b3c4d.r0</c>); reading every file that holds a PEM X509 CRL finds the same lists and also
    /// takes a directory of plainly named files. Files that hold none (a README, a certificate) are passed over.
    /// </summary>
    public static IReadOnlyList<RevocationList> LoadDirectory(string path)
    {
        string[] files;
        try
        {
            files = Directory.GetFiles(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PgSnapException(PgSnapErrorKind.Connection, $"cannot read the certificate revocation list directory {path}: {ex.Message}", ex);
        }

        var lists = new List<RevocationList>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new PgSnapException(PgSnapErrorKind.Connection, $"cannot read the certificate revocation list {file}: {ex.Message}", ex);
            }

            if (text.Contains("-----BEGIN X509 CRL-----", StringComparison.Ordinal))
            {
                lists.AddRange(LoadPemFile(file));
            }
        }

        return lists;
    }

    /// <summary>Every CRL of a PEM file.</summary>
    public static IReadOnlyList<RevocationList> LoadPemFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PgSnapException(PgSnapErrorKind.Connection, $"cannot read the certificate revocation list {path}: {ex.Message}", ex);
        }

        var lists = new List<RevocationList>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("X509 CRL"))
            {
                lists.Add(Parse(Convert.FromBase64String(rest[fields.Base64Data].ToString()), path));
            }

            rest = rest[fields.Location.End..];
        }

        if (lists.Count == 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Connection, $"the certificate revocation list file {path} holds no PEM X509 CRL");
        }

        return lists;
    }

    /// <summary>Whether this list revokes <paramref name="certificate"/> (same issuer, serial listed).</summary>
    public bool Revokes(X509Certificate2 certificate) =>
        certificate.IssuerName.RawData.AsSpan().SequenceEqual(Issuer.RawData) && _revokedSerials.Contains(certificate.SerialNumber.TrimStart('0'));

    /// <summary>Whether the list was signed by <paramref name="issuer"/>'s key.</summary>
    public bool IsSignedBy(X509Certificate2 issuer)
    {
        var hash = _signatureAlgorithm switch
        {
            "1.2.840.113549.1.1.11" or "1.2.840.10045.4.3.2" => HashAlgorithmName.SHA256,
            "1.2.840.113549.1.1.12" or "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
            "1.2.840.113549.1.1.13" or "1.2.840.10045.4.3.4" => HashAlgorithmName.SHA512,
            "1.2.840.113549.1.1.5" or "1.2.840.10045.4.1" => HashAlgorithmName.SHA1,
            _ => default,
        };
        if (hash == default)
        {
            return false;
        }

        using var rsa = issuer.GetRSAPublicKey();
        if (rsa is not null)
        {
            return rsa.VerifyData(_signedPart, _signature, hash, RSASignaturePadding.Pkcs1);
        }

        using var ecdsa = issuer.GetECDsaPublicKey();
        return ecdsa is not null && ecdsa.VerifyData(_signedPart, _signature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static RevocationList Parse(byte[] der, string path)
    {
        try
        {
            // CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING } (RFC 5280, 5.1)
            var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            var signedPart = outer.ReadEncodedValue().ToArray();
            var algorithm = outer.ReadSequence().ReadObjectIdentifier();
            var signature = outer.ReadBitString(out _);

            var tbs = new AsnReader(signedPart, AsnEncodingRules.DER).ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                tbs.ReadInteger();
            }

            tbs.ReadSequence();
            var issuer = new X500DistinguishedName(tbs.ReadEncodedValue().Span);
            tbs.ReadEncodedValue();
            if (tbs.HasData && (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) || tbs.PeekTag().HasSameClassAndValue(Asn1Tag.GeneralizedTime)))
            {
                tbs.ReadEncodedValue();
            }

            var serials = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var revoked = tbs.ReadSequence();
                while (revoked.HasData)
                {
                    var entry = revoked.ReadSequence();
                    serials.Add(Convert.ToHexString(entry.ReadIntegerBytes().Span).TrimStart('0'));
                }
            }

            return new RevocationList(issuer, serials, signedPart, signature, algorithm);
        }
        catch (AsnContentException ex)
        {
            throw new PgSnapException(PgSnapErrorKind.Connection, $"the certificate revocation list file {path} is not a valid CRL", ex);
        }
    }
}
