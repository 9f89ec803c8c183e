namespace PgSnap.Connection;

/// <summary>
/// The one-line error of a failed connection attempt, the same whichever client failed (Npgsql through
/// <see cref="DataSourceFactory"/>, or the wire client of <c>Data/Wire</c>): <c>cannot connect to {target}:
/// {reason}{hint}</c>, with the hint chosen here from the SQLSTATE and the server's words, and nothing that could hold
/// a password (the line goes through <see cref="SecretRedactor"/>). See docs/ARCHITECTURE.md, "Errors and exit codes".
/// </summary>
public static class ConnectionError
{
    /// <summary>The exception for a failed attempt: <paramref name="reason"/> is the server's or the network's words, one line.</summary>
    public static PgSnapException Create(ConnectionSpec spec, string reason, string? sqlState, Exception? inner)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(reason);
        var line = $"cannot connect to {spec.Describe()}: {reason}{Hint(spec, reason, sqlState)}";
        return new PgSnapException(PgSnapErrorKind.Connection, SecretRedactor.Redact(line), inner) { SqlState = sqlState };
    }

    /// <summary>What to do about it, where we know (empty otherwise), with its leading space.</summary>
    public static string Hint(ConnectionSpec spec, string reason, string? sqlState)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(reason);
        var host = spec.Host ?? string.Empty;

        // A pg_hba.conf refusal is SQLSTATE 28000 too, but no password would fix it: those cases come first.
        return sqlState switch
        {
            _ when reason.Contains("pg_hba.conf", StringComparison.OrdinalIgnoreCase) && reason.Contains("no encryption", StringComparison.OrdinalIgnoreCase)
                => " (the server requires TLS: use sslmode=require)",
            _ when reason.Contains("pg_hba.conf", StringComparison.OrdinalIgnoreCase)
                => " (the server's pg_hba.conf does not let this user in from this host to this database)",
            _ when reason.Contains("client certificate", StringComparison.OrdinalIgnoreCase)
                => " (the server logs this user in by certificate: give sslcert and sslkey, or PGSSLCERT and PGSSLKEY)",
            "28P01" or "28000" => " (check the user name and password, PGPASSWORD or ~/.pgpass)",
            "3D000" => " (create the database first, or pick another with the URL's path)",
            _ when reason.Contains("does not support SSL", StringComparison.OrdinalIgnoreCase) => " (the server has no TLS: use sslmode=disable or prefer)",
            _ when host.StartsWith("db.", StringComparison.OrdinalIgnoreCase) && host.EndsWith(".supabase.co", StringComparison.OrdinalIgnoreCase)
                => " (Supabase's direct host is IPv6-only: use the pooler's session mode on port 5432)",
            _ => string.Empty,
        };
    }
}
