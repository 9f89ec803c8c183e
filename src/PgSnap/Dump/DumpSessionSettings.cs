using System.Text;
using Npgsql;
using PgSnap.Data;

namespace PgSnap.Dump;

/// <summary>
/// The one session setup of every connection a dump reads with (the leader, each data worker whether Npgsql or the
/// lean wire client, the INSERT and large-object paths that run on them, and the preflight's own connection), as
/// pg_dump's setup_connection gives each of its connections. The text of a value depends on the session that reads
/// it: reg* values (regclass, regtype, regproc…) leave out the schema of whatever the search path makes visible,
/// dates, intervals and floats follow DateStyle, IntervalStyle and extra_float_digits. The archive is restored with
/// an empty search path (docs/FORMAT.md), so every reading session must have one too, whatever the database's, the
/// role's or the connection's own defaults are.
/// </summary>
public sealed class DumpSessionSettings
{
    private readonly bool _quoteAllIdentifiers;
    private readonly bool _rowSecurity;
    private readonly string? _role;
    private readonly string? _lockTimeout;

    private DumpSessionSettings(bool quoteAllIdentifiers, bool rowSecurity, string? role, string? lockTimeout)
    {
        _quoteAllIdentifiers = quoteAllIdentifiers;
        _rowSecurity = rowSecurity;
        _role = role;
        _lockTimeout = lockTimeout;
    }

    /// <summary>The settings of a dump made with <paramref name="options"/>.</summary>
    public static DumpSessionSettings For(DumpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DumpSessionSettings(options.QuoteAllIdentifiers, options.EnableRowSecurity, options.Role, options.LockWaitTimeout);
    }

    /// <summary>
    /// The statements, one simple-query batch of session-level SETs (they outlive any transaction). Settings a server
    /// major lacks are left out (transaction_timeout is new in 17).
    /// </summary>
    /// <param name="serverMajor">The server's major version.</param>
    public string Sql(int serverMajor)
    {
        var sql = new StringBuilder()
            .Append("SELECT pg_catalog.set_config('search_path', '', false); ")
            .Append("SET client_encoding = 'UTF8'; SET standard_conforming_strings = on; ")
            .Append("SET DateStyle = ISO; SET IntervalStyle = postgres; SET extra_float_digits = 3; ")
            // A synchronized scan would start mid-table and change row order between dump and reload.
            .Append("SET synchronize_seqscans = off; ")
            .Append("SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0; ")
            // The catalog queries of a database with thousands of tables are costed high enough for the server's JIT,
            // whose compiling took longer than running them (4 of 5.6 s of the coverage digest on 5,000 tables).
            .Append("SET jit = off; ")
            // --lock-wait-timeout bounds the wait for a table's lock (the only locks a dump takes); else wait.
            .Append("SET lock_timeout = ").Append(_lockTimeout is null ? "0" : Ddl.Quoting.Literal(_lockTimeout)).Append("; ");
        if (_role is not null)
        {
            // pg_dump's --role: the dump reads with that role's rights (its privileges, its row-level security).
            sql.Append("SET ROLE \"").Append(_role.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"; ");
        }

        if (serverMajor >= 17)
        {
            // Through pg_settings rather than SET: the major a connection announces (a proxy, a fork) need not be the
            // server's, and a missing setting must not fail the session.
            sql.Append("SELECT pg_catalog.set_config(name, '0', false) FROM pg_catalog.pg_settings WHERE name = 'transaction_timeout'; ");
        }

        if (_quoteAllIdentifiers)
        {
            sql.Append("SET quote_all_identifiers = true; ");
        }

        // Row security off: a policy must never silently hide rows from a backup (the read fails instead, and the
        // preflight names such tables first); on only when --enable-row-security asked for the visible rows.
        return sql.Append(_rowSecurity ? "SET row_security = on" : "SET row_security = off").ToString();
    }

    /// <summary>Applies the settings to an open Npgsql connection (the leader, the preflight's own connection).</summary>
    public async Task ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(Sql(connection.PostgreSqlVersion.Major), connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies the settings to a data worker's session on a server of <paramref name="serverMajor"/>.</summary>
    public Task ApplyAsync(ICopyOutSession session, int serverMajor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.ExecuteAsync(Sql(serverMajor), cancellationToken);
    }
}
