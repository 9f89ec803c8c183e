namespace PgSnap.Connection;

/// <summary>
/// The parts of a libpq connection that PgSnap understands, as parsed from a URL, a key=value string,
/// the PG* environment and ~/.pgpass. Any part may be missing until <see cref="ConnectionResolver"/> fills it.
/// </summary>
public sealed record ConnectionSpec
{
    public string? Host { get; init; }

    public int? Port { get; init; }

    public string? Database { get; init; }

    public string? User { get; init; }

    /// <summary>Never printed: <see cref="ToString"/> and <see cref="Describe"/> leave it out.</summary>
    public string? Password { get; init; }

    /// <summary>libpq sslmode: disable, allow, prefer, require, verify-ca or verify-full.</summary>
    public string? SslMode { get; init; }

    public string? SslRootCert { get; init; }

    public string? ApplicationName { get; init; }

    public int? ConnectTimeoutSeconds { get; init; }

    /// <summary>libpq's <c>options</c> (e.g. <c>-c search_path=…</c>).</summary>
    public string? Options { get; init; }

    /// <summary>libpq's <c>passfile</c>: the password file to read instead of PGPASSFILE or ~/.pgpass.</summary>
    public string? PassFile { get; init; }

    /// <summary>Fills every part this spec lacks from <paramref name="fallback"/>.</summary>
    public ConnectionSpec WithFallback(ConnectionSpec fallback) => new()
    {
        Host = Host ?? fallback.Host,
        Port = Port ?? fallback.Port,
        Database = Database ?? fallback.Database,
        User = User ?? fallback.User,
        Password = Password ?? fallback.Password,
        SslMode = SslMode ?? fallback.SslMode,
        SslRootCert = SslRootCert ?? fallback.SslRootCert,
        ApplicationName = ApplicationName ?? fallback.ApplicationName,
        ConnectTimeoutSeconds = ConnectTimeoutSeconds ?? fallback.ConnectTimeoutSeconds,
        Options = Options ?? fallback.Options,
        PassFile = PassFile ?? fallback.PassFile,
    };

    /// <summary>A short, password-free description such as <c>postgres@db.example.com:5432/app</c>.</summary>
    public string Describe() => $"{User ?? "?"}@{Host ?? "?"}:{Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}/{Database ?? "?"}";

    public override string ToString() => Describe();
}
