using System.Globalization;

namespace PgSnap.Connection;

/// <summary>
/// The PG* environment variables libpq reads, as a spec of fallbacks. Reading goes through a delegate
/// so tests can supply their own environment.
/// </summary>
public static class ConnectionEnvironment
{
    public static ConnectionSpec Read(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var port = getVariable("PGPORT");
        var timeout = getVariable("PGCONNECT_TIMEOUT");
        var sslMode = getVariable("PGSSLMODE");
        var attrs = getVariable("PGTARGETSESSIONATTRS");
        var ports = string.IsNullOrEmpty(port) ? new ConnectionSpec() : ConnectionStringParser.ApplyPort(new ConnectionSpec(), port);
        return new ConnectionSpec
        {
            Host = NullIfEmpty(getVariable("PGHOST")) ?? NullIfEmpty(getVariable("PGHOSTADDR")),
            Port = ports.Port,
            PortList = ports.PortList,
            Database = NullIfEmpty(getVariable("PGDATABASE")),
            User = NullIfEmpty(getVariable("PGUSER")),
            Password = NullIfEmpty(getVariable("PGPASSWORD")),
            SslMode = string.IsNullOrEmpty(sslMode) ? null : SslModes.Normalize(sslMode),
            SslRootCert = NullIfEmpty(getVariable("PGSSLROOTCERT")),
            SslCert = NullIfEmpty(getVariable("PGSSLCERT")),
            SslKey = NullIfEmpty(getVariable("PGSSLKEY")),
            SslCrl = NullIfEmpty(getVariable("PGSSLCRL")),
            SslCrlDir = NullIfEmpty(getVariable("PGSSLCRLDIR")),
            TargetSessionAttrs = string.IsNullOrEmpty(attrs) ? null : TargetSessionAttrs.Normalize(attrs),
            ApplicationName = NullIfEmpty(getVariable("PGAPPNAME")),
            ConnectTimeoutSeconds = int.TryParse(timeout, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : null,
            Options = NullIfEmpty(getVariable("PGOPTIONS")),
        };
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
