using System.Security.Cryptography;
using System.Text;
using PgSnap.Connection;

namespace PgSnap.Data.Wire;

/// <summary>
/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL speaks it, optionally with
/// tls-server-end-point channel binding (SCRAM-SHA-256-PLUS, RFC 5929). One instance runs one exchange:
/// <see cref="ClientFirst"/>, then <see cref="ClientFinal"/> with the server-first message, then
/// <see cref="VerifyServerFinal"/>.
/// </summary>
/// <remarks>
/// PostgreSQL ignores the SCRAM user name (it uses the startup user), so it is sent empty as libpq does.
/// The password goes through SASLprep (RFC 4013, <see cref="SaslPrep"/>) first, because the server prepared it the
/// same way when it stored the verifier.
/// </remarks>
internal sealed class ScramSha256Client
{
    public const string Mechanism = "SCRAM-SHA-256";
    public const string MechanismPlus = "SCRAM-SHA-256-PLUS";

    private readonly byte[] _password;
    private readonly string _gs2Header;
    private readonly byte[] _channelBindingData;
    private readonly string _clientNonce;
    private readonly string _userName;
    private string? _clientFirstBare;
    private byte[]? _expectedServerSignature;

    /// <param name="password">The password (never logged, never copied into a message text).</param>
    /// <param name="gs2Flag">'n' (client has no binding), 'y' (client could bind but the server offered no PLUS), or 'p' (binding).</param>
    /// <param name="channelBindingData">The tls-server-end-point hash when <paramref name="gs2Flag"/> is 'p'.</param>
    /// <param name="clientNonce">Only tests pass one (RFC 7677's example); otherwise 18 random bytes in base64, as libpq.</param>
    /// <param name="userName">Only tests pass one (RFC 7677's example); PostgreSQL takes the startup user instead.</param>
    public ScramSha256Client(string password, char gs2Flag, byte[]? channelBindingData = null, string? clientNonce = null, string userName = "")
    {
        _userName = userName.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);
        _password = SaslPrep.PasswordBytes(password);
        _gs2Header = gs2Flag switch
        {
            'n' => "n,,",
            'y' => "y,,",
            'p' => "p=tls-server-end-point,,",
            _ => throw new ArgumentOutOfRangeException(nameof(gs2Flag)),
        };
        _channelBindingData = gs2Flag == 'p'
            ? channelBindingData ?? throw new ArgumentNullException(nameof(channelBindingData))
            : [];
        _clientNonce = clientNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
    }

    /// <summary>The client-first message: GS2 header, user name (empty for PostgreSQL) and our nonce.</summary>
    public byte[] ClientFirst()
    {
        _clientFirstBare = "n=" + _userName + ",r=" + _clientNonce;
        return Encoding.UTF8.GetBytes(_gs2Header + _clientFirstBare);
    }

    /// <summary>Checks the server-first message and computes the client-final message with our proof.</summary>
    public byte[] ClientFinal(ReadOnlySpan<byte> serverFirstBytes)
    {
        if (_clientFirstBare is null)
        {
            throw new InvalidOperationException("ClientFirst must come first");
        }

        var serverFirst = Encoding.UTF8.GetString(serverFirstBytes);
        string? nonce = null, salt = null, iterationsText = null;
        foreach (var part in serverFirst.Split(','))
        {
            if (part.StartsWith("r=", StringComparison.Ordinal))
            {
                nonce = part[2..];
            }
            else if (part.StartsWith("s=", StringComparison.Ordinal))
            {
                salt = part[2..];
            }
            else if (part.StartsWith("i=", StringComparison.Ordinal))
            {
                iterationsText = part[2..];
            }
        }

        if (nonce is null || salt is null || iterationsText is null)
        {
            throw Invalid("the server's first SCRAM message is malformed");
        }

        // The combined nonce must extend ours, or a replayed exchange could be accepted.
        if (nonce.Length <= _clientNonce.Length || !nonce.StartsWith(_clientNonce, StringComparison.Ordinal))
        {
            throw Invalid("the server's SCRAM nonce does not extend the client's");
        }

        if (!int.TryParse(iterationsText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            throw Invalid("the server's SCRAM iteration count is invalid");
        }

        byte[] saltBytes;
        try
        {
            saltBytes = Convert.FromBase64String(salt);
        }
        catch (FormatException)
        {
            throw Invalid("the server's SCRAM salt is not base64");
        }

        var cbindInput = new byte[Encoding.ASCII.GetByteCount(_gs2Header) + _channelBindingData.Length];
        Encoding.ASCII.GetBytes(_gs2Header, cbindInput);
        _channelBindingData.CopyTo(cbindInput.AsSpan(cbindInput.Length - _channelBindingData.Length));
        var clientFinalWithoutProof = "c=" + Convert.ToBase64String(cbindInput) + ",r=" + nonce;
        var authMessage = Encoding.UTF8.GetBytes(_clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof);

        var saltedPassword = Rfc2898DeriveBytes.Pbkdf2(_password, saltBytes, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(saltedPassword, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var clientSignature = HMACSHA256.HashData(storedKey, authMessage);
        var proof = new byte[clientKey.Length];
        for (var i = 0; i < proof.Length; i++)
        {
            proof[i] = (byte)(clientKey[i] ^ clientSignature[i]);
        }

        var serverKey = HMACSHA256.HashData(saltedPassword, "Server Key"u8);
        _expectedServerSignature = HMACSHA256.HashData(serverKey, authMessage);
        CryptographicOperations.ZeroMemory(saltedPassword);
        CryptographicOperations.ZeroMemory(clientKey);
        return Encoding.UTF8.GetBytes(clientFinalWithoutProof + ",p=" + Convert.ToBase64String(proof));
    }

    /// <summary>Checks the server's signature, which proves that the server knows the password too.</summary>
    public void VerifyServerFinal(ReadOnlySpan<byte> serverFinalBytes)
    {
        if (_expectedServerSignature is null)
        {
            throw new InvalidOperationException("ClientFinal must come first");
        }

        var serverFinal = Encoding.UTF8.GetString(serverFinalBytes);
        if (serverFinal.StartsWith("e=", StringComparison.Ordinal))
        {
            throw Invalid($"the server rejected the SCRAM exchange ({serverFinal[2..]})");
        }

        var verifier = serverFinal.Split(',')[0];
        if (!verifier.StartsWith("v=", StringComparison.Ordinal))
        {
            throw Invalid("the server's final SCRAM message is malformed");
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(verifier[2..]);
        }
        catch (FormatException)
        {
            throw Invalid("the server's SCRAM signature is not base64");
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, _expectedServerSignature))
        {
            throw Invalid("the server's SCRAM signature is wrong: it does not know the password (possible impostor)");
        }
    }

    private static PgSnapException Invalid(string message) => new(PgSnapErrorKind.Connection, message);
}
