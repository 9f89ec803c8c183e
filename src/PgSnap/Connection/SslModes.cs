using Npgsql;

namespace PgSnap.Connection;

/// <summary>libpq's sslmode names and their Npgsql equivalents.</summary>
public static class SslModes
{
    public static string Normalize(string value) => value.ToLowerInvariant() switch
    {
        "disable" or "allow" or "prefer" or "require" or "verify-ca" or "verify-full" => value.ToLowerInvariant(),
        _ => throw new PgSnapException(
            PgSnapErrorKind.Usage,
            $"invalid sslmode \"{value}\": use disable, allow, prefer, require, verify-ca or verify-full"),
    };

    public static SslMode ToNpgsql(string? value) => value switch
    {
        null or "prefer" => SslMode.Prefer,
        "disable" => SslMode.Disable,
        "allow" => SslMode.Allow,
        "require" => SslMode.Require,
        "verify-ca" => SslMode.VerifyCA,
        "verify-full" => SslMode.VerifyFull,
        _ => throw new PgSnapException(PgSnapErrorKind.Usage, $"invalid sslmode \"{value}\""),
    };
}
