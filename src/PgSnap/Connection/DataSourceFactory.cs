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

    /// <summary>The one-line error for a failed connection attempt (<see cref="ConnectionError"/>).</summary>
    public static PgSnapException ConnectionFailure(Exception ex, ConnectionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(ex);
        ArgumentNullException.ThrowIfNull(spec);
        return ConnectionError.Create(spec, Innermost(ex), (ex as PostgresException)?.SqlState, ex);
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
