using System.Net.Sockets;
using Npgsql;

namespace PgSnap.Connection;

/// <summary>
/// Builds Npgsql data sources from a resolved spec through the slim (trimming- and AOT-friendly) builder,
/// with only the features PgSnap uses switched on, and opens connections with errors that are one safe line.
/// </summary>
public static class DataSourceFactory
{
    public static NpgsqlDataSource Create(ConnectionSpec spec, string applicationName = "pgsnap")
    {
        ArgumentNullException.ThrowIfNull(spec);
        var csb = new NpgsqlConnectionStringBuilder
        {
            Host = spec.Host,
            Port = spec.Port ?? 5432,
            Database = spec.Database,
            Username = spec.User,
            Password = spec.Password,
            SslMode = SslModes.ToNpgsql(spec.SslMode),
            ApplicationName = spec.ApplicationName ?? applicationName,
            Timeout = spec.ConnectTimeoutSeconds is > 0 ? spec.ConnectTimeoutSeconds.Value : 15,
            CommandTimeout = 0,
            // Dumps and restores hold their connection for the whole run; pooling buys nothing and
            // would keep sessions (and their snapshots) alive after we are done with them.
            Pooling = false,
            // We never want Npgsql to keep the password around for display.
            PersistSecurityInfo = false,
            IncludeErrorDetail = true,
            // The password file was already read by PgPassFile under libpq's rules (a file that others can read is
            // ignored). Left unset, Npgsql would read PGPASSFILE or ~/.pgpass again on its own, and use a password
            // from the very file we had just refused; an empty file makes its lookup find nothing.
            Passfile = "/dev/null",
        };
        if (spec.SslRootCert is not null)
        {
            csb.RootCertificate = spec.SslRootCert;
        }

        if (spec.Options is not null)
        {
            csb.Options = spec.Options;
        }

        var builder = new NpgsqlSlimDataSourceBuilder(csb.ConnectionString);
        builder.EnableTransportSecurity();
        builder.EnableArrays();

        // Every query PgSnap sends returns built-in types (catalog text, oids, arrays of them), so Npgsql's load of
        // the whole pg_type catalog at the first open (~100 ms per data source, paid by the preflight, the dump and
        // each restore worker) buys nothing.
        builder.ConfigureTypeLoading(static t => t.EnableTypeLoading(false));
        return builder.Build();
    }

    /// <summary>Opens a connection, turning every way of failing into one clear, password-free line.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, ConnectionSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(spec);
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException or IOException
                                   or System.Security.Authentication.AuthenticationException)
        {
            throw ConnectionFailure(ex, spec);
        }
    }

    /// <summary>The one-line error for a failed connection attempt, with a hint where we know one.</summary>
    public static PgSnapException ConnectionFailure(Exception ex, ConnectionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(ex);
        ArgumentNullException.ThrowIfNull(spec);
        var reason = Innermost(ex);
        var sqlState = (ex as PostgresException)?.SqlState;
        // A pg_hba.conf refusal is SQLSTATE 28000 too, but no password would fix it: those cases come first.
        var hint = sqlState switch
        {
            _ when reason.Contains("pg_hba.conf", StringComparison.OrdinalIgnoreCase) && reason.Contains("no encryption", StringComparison.OrdinalIgnoreCase)
                => " (the server requires TLS: use sslmode=require)",
            _ when reason.Contains("pg_hba.conf", StringComparison.OrdinalIgnoreCase)
                => " (the server's pg_hba.conf does not let this user in from this host to this database)",
            "28P01" or "28000" => " (check the user name and password, PGPASSWORD or ~/.pgpass)",
            "3D000" => " (create the database first, or pick another with the URL's path)",
            _ when reason.Contains("does not support SSL", StringComparison.OrdinalIgnoreCase) => " (the server has no TLS: use sslmode=disable or prefer)",
            _ when (spec.Host ?? string.Empty).StartsWith("db.", StringComparison.OrdinalIgnoreCase)
                   && (spec.Host ?? string.Empty).EndsWith(".supabase.co", StringComparison.OrdinalIgnoreCase)
                => " (Supabase's direct host is IPv6-only: use the pooler's session mode on port 5432)",
            _ => string.Empty,
        };
        var line = $"cannot connect to {spec.Describe()}: {reason}{hint}";
        return new PgSnapException(PgSnapErrorKind.Connection, SecretRedactor.Redact(line), ex) { SqlState = sqlState };
    }

    private static string Innermost(Exception ex)
    {
        if (ex is PostgresException pg)
        {
            return $"{pg.MessageText} (SQLSTATE {pg.SqlState})";
        }

        var e = ex;
        while (e.InnerException is not null && e is not SocketException)
        {
            e = e.InnerException;
        }

        var message = e.Message.ReplaceLineEndings(" ").Trim();
        return string.IsNullOrEmpty(message) ? ex.GetType().Name : message;
    }
}
