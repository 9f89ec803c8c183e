namespace PgSnap.Connection;

/// <summary>
/// Turns what the user gave (a URL or key=value string, possibly nothing) into a complete spec, in libpq's
/// order of precedence: the string itself, then the PG* environment, then ~/.pgpass for the password, then
/// libpq's defaults (the local Unix socket when there is one, port 5432, the OS user name). Separate flags
/// (pg_dump's <c>-h -p -U</c>) come between the string and the environment: libpq expands pg_dump's dbname after
/// the flags, so what the string names wins and the flags fill what it leaves out.
/// </summary>
public static class ConnectionResolver
{
    private static readonly string[] s_socketDirectories = ["/var/run/postgresql", "/tmp"];

    public static ConnectionSpec Resolve(string? connectionString, Func<string, string?>? getVariable = null, Action<string>? warn = null, ConnectionSpec? flags = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var given = string.IsNullOrWhiteSpace(connectionString) ? new ConnectionSpec() : ConnectionStringParser.Parse(connectionString);
        var spec = given.WithFallback(flags ?? new ConnectionSpec()).WithFallback(ConnectionEnvironment.Read(getVariable));

        var port = spec.Port ?? 5432;
        var host = spec.Host ?? DefaultHost(port);
        var user = spec.User ?? Environment.UserName;
        var database = spec.Database ?? user;
        spec = spec with { Host = host, Port = port, User = user, Database = database };

        if (spec.Password is null)
        {
            // libpq: the passfile parameter, then PGPASSFILE, then ~/.pgpass.
            var path = string.IsNullOrEmpty(spec.PassFile) ? PgPassFile.DefaultPath(getVariable) : spec.PassFile;
            var password = PgPassFile.Lookup(path, host, port, database, user, warn);
            spec = spec with { Password = password };
        }

        return spec;
    }

    private static string DefaultHost(int port)
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
