using Npgsql;
using PgSnap.Sql;

namespace PgSnap.Restore.Execution;

/// <summary>
/// The backslash commands a script may hold, by policy: <c>\restrict</c> and <c>\unrestrict</c> pass, a
/// <c>\connect</c> to another database is followed only with --allow-connect (and never inside
/// --single-transaction), anything else is refused (<see cref="MetaCommand.Refusal"/>).
/// </summary>
internal sealed class MetaCommandRunner(RestoreOptions options, RestoreCounters counters, Func<string, CancellationToken, Task<NpgsqlConnection>>? connectTo)
{
    /// <summary>
    /// Handles the meta-command the splitter just handed out. Returns the connection statements go to from now on:
    /// <paramref name="connection"/>, or the one a followed <c>\connect</c> opened (<paramref name="connection"/> is then closed).
    /// </summary>
    public async Task<NpgsqlConnection?> RunAsync(SqlScriptSplitter splitter, NpgsqlConnection? connection, CancellationToken cancellationToken)
    {
        var meta = MetaCommand.Parse(splitter.Current.Span);
        var where = $"{splitter.Source}:{splitter.Line}";
        if (meta.IsRestrictToggle)
        {
            return connection;
        }

        if (!meta.IsConnect)
        {
            throw meta.Refusal(where);
        }

        var database = meta.ConnectDatabase();
        var current = connection?.Database;
        if (database is null || string.Equals(database, current, StringComparison.Ordinal))
        {
            counters.AddSkipped();
            return connection;
        }

        if (!options.AllowConnect)
        {
            throw new PgSnapException(PgSnapErrorKind.Refused,
                $"{where}: the script switches to database \"{database}\" (\\connect); pass --allow-connect to follow it, or restore into that database with --url");
        }

        if (options.SingleTransaction)
        {
            throw new PgSnapException(PgSnapErrorKind.Refused, $"{where}: \\connect cannot be followed inside --single-transaction");
        }

        if (connection is null || connectTo is null)
        {
            options.DryRunOutput?.WriteLine($"{where}: \\connect {database}");
            return connection;
        }

        var next = await connectTo(database, cancellationToken).ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
        return next;
    }
}
