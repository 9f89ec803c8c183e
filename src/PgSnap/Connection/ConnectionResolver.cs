namespace PgSnap.Connection;

/// <summary>
/// Turns what the user gave (a URL or key=value string, possibly nothing) into a complete spec, in libpq's
/// order of precedence: the string itself, then the PG* environment, then ~/.pgpass for the password, then
/// libpq's defaults (the local Unix socket when there is one, port 5432, the OS user name). Separate flags
/// (pg_dump's <c>-h -p -U</c>) come between the string and the environment: libpq expands pg_dump's dbname after
/// the flags, so what the string names wins and the flags fill what it leaves out. A service (the <c>service</c>
/// parameter or PGSERVICE, see <see cref="ServiceFile"/>) comes after the flags and before the environment. Client
/// certificate, key, root certificate and CRL default to libpq's files under <c>~/.postgresql/</c> when they exist.
/// </summary>
public static class ConnectionResolver
{
    private static readonly string[] s_socketDirectories = ["/var/run/postgresql", "/tmp"];

    public static ConnectionSpec Resolve(string? connectionString, Func<string, string?>? getVariable = null, Action<string>? warn = null, ConnectionSpec? flags = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var given = string.IsNullOrWhiteSpace(connectionString) ? new ConnectionSpec() : ConnectionStringParser.Parse(connectionString);
        var spec = given.WithFallback(flags ?? new ConnectionSpec());
        var environment = ConnectionEnvironment.Read(getVariable);
        var service = spec.Service ?? NullIfEmpty(getVariable("PGSERVICE"));
        if (service is not null)
        {
            spec = spec.WithFallback(ServiceFile.Load(service, getVariable)) with { Service = service };
        }

        spec = WithDefaultClientFiles(spec.WithFallback(environment), getVariable);

        var port = spec.Port ?? 5432;
        var host = spec.Host ?? DefaultHost(port);
        var user = spec.User ?? Environment.UserName;
        var database = spec.Database ?? user;
        spec = spec with { Host = host, Port = spec.PortList is null ? port : spec.Port, User = user, Database = database };
        if (spec.HasSeveralHosts)
        {
            // The password file is looked up per host, as libpq does; here the first server's entry serves all.
            var first = ConnectionTargets.Candidates(spec)[0];
            host = first.Host!;
            port = first.Port!.Value;
        }

        if (spec.Password is null)
        {
            // libpq: the passfile parameter, then PGPASSFILE, then ~/.pgpass.
            var path = string.IsNullOrEmpty(spec.PassFile) ? PgPassFile.DefaultPath(getVariable) : spec.PassFile;
            var password = PgPassFile.Lookup(path, host, port, database, user, warn);
            spec = spec with { Password = password };
        }

        return spec;
    }

    /// <summary>libpq's default client files (~/.postgresql/postgresql.crt, .key, root.crt, root.crl), where they exist.</summary>
    private static ConnectionSpec WithDefaultClientFiles(ConnectionSpec spec, Func<string, string?> getVariable)
    {
        var home = getVariable("HOME");
        if (string.IsNullOrEmpty(home) || spec.SslMode == "disable")
        {
            return spec;
        }

        string? Existing(string name) => File.Exists(Path.Combine(home, ".postgresql", name)) ? Path.Combine(home, ".postgresql", name) : null;
        return spec with
        {
            SslCert = spec.SslCert ?? Existing("postgresql.crt"),
            SslKey = spec.SslKey ?? Existing("postgresql.key"),
            SslRootCert = spec.SslRootCert ?? Existing("root.crt"),
            // libpq looks for ~/.postgresql/root.crl only when neither sslcrl nor sslcrldir is given.
            SslCrl = spec.SslCrl ?? (spec.SslCrlDir is null ? Existing("root.crl") : null),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The local socket directory holding the server's socket for <paramref name="port"/>, else localhost.</summary>
    internal static string DefaultHost(int port)
    {
        foreach (var dir in s_socketDirectories)
        {
            if (File.Exists(Path.Combine(dir, $".s.PGSQL.{port}")))
            {
                return dir;
            }
        }

        return "localhost";
    }
}
