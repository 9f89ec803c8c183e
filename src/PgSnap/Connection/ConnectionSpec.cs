namespace PgSnap.Connection;

/// <summary>
/// The parts of a libpq connection that PgSnap understands, as parsed from a URL, a key=value string,
/// the PG* environment and ~/.pgpass. Any part may be missing until <see cref="ConnectionResolver"/> fills it.
/// </summary>
public sealed record ConnectionSpec
{
    /// <summary>Host name, address or Unix socket directory; as in libpq, a comma-separated list of hosts tried in order.</summary>
    public string? Host { get; init; }

    /// <summary>The port, or the first of <see cref="PortList"/>.</summary>
    public int? Port { get; init; }

    /// <summary>libpq's <c>port</c> when it lists several (one per host of <see cref="Host"/>; an empty entry is 5432); null for one port.</summary>
    public string? PortList { get; init; }

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

    /// <summary>libpq's <c>service</c>: a section of the connection service file (docs/PG_DUMP_COMPAT.md, "libpq habits").</summary>
    public string? Service { get; init; }

    /// <summary>libpq's <c>target_session_attrs</c>: any, read-write, read-only, primary, standby or prefer-standby.</summary>
    public string? TargetSessionAttrs { get; init; }

    /// <summary>libpq's <c>sslcert</c>: the client certificate (PEM) presented when the server asks for one.</summary>
    public string? SslCert { get; init; }

    /// <summary>libpq's <c>sslkey</c>: the client certificate's private key (PEM, possibly encrypted).</summary>
    public string? SslKey { get; init; }

    /// <summary>libpq's <c>sslpassword</c>: the passphrase of an encrypted <see cref="SslKey"/>. Never printed.</summary>
    public string? SslPassword { get; init; }

    /// <summary>libpq's <c>sslcrl</c>: a PEM file of revoked certificates, checked when the server's certificate is verified.</summary>
    public string? SslCrl { get; init; }

    /// <summary>
    /// libpq's <c>sslcrldir</c>: a directory of revocation lists (c_rehash's hashed names, or any names: every file in
    /// it that holds a PEM X509 CRL is read), checked with <see cref="SslCrl"/> when the server's certificate is verified.
    /// </summary>
    public string? SslCrlDir { get; init; }

    /// <summary>Whether <see cref="Host"/> or <see cref="PortList"/> names several servers.</summary>
    public bool HasSeveralHosts => (Host?.Contains(',', StringComparison.Ordinal) ?? false) || PortList is not null;

    /// <summary>Fills every part this spec lacks from <paramref name="fallback"/>.</summary>
    public ConnectionSpec WithFallback(ConnectionSpec fallback) => new()
    {
        Host = Host ?? fallback.Host,
        // A port list travels with its first port: one side's list never mixes with the other's port.
        Port = Port ?? fallback.Port,
        PortList = Port is null && PortList is null ? fallback.PortList : PortList,
        Database = Database ?? fallback.Database,
        User = User ?? fallback.User,
        Password = Password ?? fallback.Password,
        SslMode = SslMode ?? fallback.SslMode,
        SslRootCert = SslRootCert ?? fallback.SslRootCert,
        ApplicationName = ApplicationName ?? fallback.ApplicationName,
        ConnectTimeoutSeconds = ConnectTimeoutSeconds ?? fallback.ConnectTimeoutSeconds,
        Options = Options ?? fallback.Options,
        PassFile = PassFile ?? fallback.PassFile,
        Service = Service ?? fallback.Service,
        TargetSessionAttrs = TargetSessionAttrs ?? fallback.TargetSessionAttrs,
        SslCert = SslCert ?? fallback.SslCert,
        SslKey = SslKey ?? fallback.SslKey,
        SslPassword = SslPassword ?? fallback.SslPassword,
        SslCrl = SslCrl ?? fallback.SslCrl,
        SslCrlDir = SslCrlDir ?? fallback.SslCrlDir,
    };

    /// <summary>A short, password-free description such as <c>postgres@db.example.com:5432/app</c>.</summary>
    public string Describe() => $"{User ?? "?"}@{Host ?? "?"}:{PortList ?? Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}/{Database ?? "?"}";

    public override string ToString() => Describe();
}
