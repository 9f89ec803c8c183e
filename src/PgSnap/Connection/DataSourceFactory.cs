using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Npgsql;
using PgSnap.Data.Wire;

namespace PgSnap.Connection;

/// <summary>
/// Builds Npgsql data sources from a resolved spec through the slim (trimming- and AOT-friendly) builder,
/// with only the features PgSnap uses switched on, and opens connections with errors that are one safe line.
/// Certificates are judged by the wire client's <see cref="TlsSettings"/> (so both clients accept the same servers and
/// present the same client certificate), and several hosts are walked by <see cref="HostSelection"/>, as the wire
/// client walks them.
/// </summary>
public static class DataSourceFactory
{
    /// <summary>The TLS settings of each data source, to explain a refused certificate.</summary>
    private static readonly ConditionalWeakTable<NpgsqlDataSource, TlsSettings> s_tls = new();

    /// <summary>Data sources for the other hosts of a several-host spec, made when the walk reaches them.</summary>
    private static readonly ConditionalWeakTable<NpgsqlDataSource, Dictionary<string, NpgsqlDataSource>> s_otherHosts = new();

    /// <summary>The same server with the SASLprep'd password, once the raw one was refused and the prepared one let in.</summary>
    private static readonly ConditionalWeakTable<NpgsqlDataSource, NpgsqlDataSource> s_prepared = new();

    /// <summary>
    /// A data source for the spec's server; for a spec naming several, for its first one (<see cref="OpenAsync"/>
    /// walks them all).
    /// </summary>
    public static NpgsqlDataSource Create(ConnectionSpec spec, string applicationName = "pgsnap")
    {
        ArgumentNullException.ThrowIfNull(spec);
        var server = ConnectionTargets.Candidates(spec)[0];
        var tls = TlsSettings.For(spec);
        var csb = new NpgsqlConnectionStringBuilder
        {
            Host = server.Host,
            Port = server.Port ?? 5432,
            Database = spec.Database,
            Username = spec.User,
            Password = spec.Password,
            // Verification is TlsSettings' (Npgsql refuses its verify modes next to a validation callback of ours).
            SslMode = tls.SslMode is "verify-ca" or "verify-full" ? SslMode.Require : SslModes.ToNpgsql(tls.SslMode),
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
        if (spec.Options is not null)
        {
            csb.Options = spec.Options;
        }

        var builder = new NpgsqlSlimDataSourceBuilder(csb.ConnectionString);
        builder.EnableTransportSecurity();
        if (tls.SslMode != "disable")
        {
            builder.UseSslClientAuthenticationOptionsCallback(tls.ApplyTo);
        }

        builder.EnableArrays();

        // Every query PgSnap sends returns built-in types (catalog text, oids, arrays of them), so Npgsql's load of
        // the whole pg_type catalog at the first open (~100 ms per data source, paid by the preflight, the dump and
        // each restore worker) buys nothing.
        builder.ConfigureTypeLoading(static t => t.EnableTypeLoading(false));
        var dataSource = builder.Build();
        s_tls.AddOrUpdate(dataSource, tls);
        return dataSource;
    }

    /// <summary>Opens a connection, turning every way of failing into one clear, password-free line.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, ConnectionSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(spec);
        if (!ConnectionTargets.NeedsSelection(spec))
        {
            return await OpenOneAsync(dataSource, spec, cancellationToken).ConfigureAwait(false);
        }

        return await HostSelection.SelectAsync(
            spec,
            (server, token) => OpenOneAsync(SourceFor(dataSource, spec, server), server, token),
            ReadServerStateAsync,
            static connection => connection.DisposeAsync(),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The data source for one server of a several-host spec: the given one for its first server.</summary>
    private static NpgsqlDataSource SourceFor(NpgsqlDataSource first, ConnectionSpec spec, ConnectionSpec server)
    {
        var key = server.Host + ":" + server.Port;
        var candidates = ConnectionTargets.Candidates(spec);
        if (candidates[0].Host == server.Host && candidates[0].Port == server.Port)
        {
            return first;
        }

        var others = s_otherHosts.GetValue(first, static _ => new Dictionary<string, NpgsqlDataSource>(StringComparer.Ordinal));
        lock (others)
        {
            if (!others.TryGetValue(key, out var source))
            {
                // Unpooled, like every data source here: it holds no connection of its own, so it is left to the collector.
                source = Create(server, new NpgsqlConnectionStringBuilder(first.ConnectionString).ApplicationName ?? "pgsnap");
                others[key] = source;
            }

            return source;
        }
    }

    /// <summary>What target_session_attrs judges: the reported parameters (14+), else one query.</summary>
    private static async Task<ServerState> ReadServerStateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (ServerState.FromParameters(name => connection.PostgresParameters.GetValueOrDefault(name)) is { } reported)
        {
            return reported;
        }

        await using var command = new NpgsqlCommand(ServerState.Query, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new ServerState(reader.GetBoolean(0), reader.GetBoolean(1));
    }

    private static async Task<NpgsqlConnection> OpenOneAsync(NpgsqlDataSource dataSource, ConnectionSpec spec, CancellationToken cancellationToken)
    {
        if (s_prepared.TryGetValue(dataSource, out var prepared))
        {
            return await OpenOrExplainAsync(prepared, spec, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await OpenOrExplainAsync(dataSource, spec, cancellationToken).ConfigureAwait(false);
        }
        catch (PgSnapException refused) when (refused.SqlState == "28P01" && PreparedPassword(spec) is { } password)
        {
            // Npgsql sends a SCRAM password's raw bytes, while the server stored the verifier of its SASLprep'd form
            // (as libpq and the wire client prepare it). Only the auth method knows which form is right, and Npgsql
            // does not tell: so a refused password that preparation changes gets one more try in its prepared form.
            var source = Create(spec with { Password = password }, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).ApplicationName ?? "pgsnap");
            var connection = await OpenOrExplainAsync(source, spec, cancellationToken).ConfigureAwait(false);
            s_prepared.AddOrUpdate(dataSource, source);
            return connection;
        }
    }

    private static string? PreparedPassword(ConnectionSpec spec) =>
        spec.Password is { } raw && SaslPrep.Prepare(raw) is { } prepared && prepared != raw ? prepared : null;

    private static async Task<NpgsqlConnection> OpenOrExplainAsync(NpgsqlDataSource dataSource, ConnectionSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Inner<PgSnapException>(ex) is { } ours)
        {
            // Thrown by our TLS callback (an unreadable client key or CRL file): the same words as the wire client's.
            throw ConnectionError.Create(spec, ours.Message, ours.SqlState, ex);
        }
        catch (Exception ex) when (Inner<System.Security.Authentication.AuthenticationException>(ex) is { } auth)
        {
            s_tls.TryGetValue(dataSource, out var tls);
            throw ConnectionError.Create(spec, TlsSettings.HandshakeFailure(tls?.LastPolicy, auth), null, ex);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException or IOException)
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

    private static T? Inner<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
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
