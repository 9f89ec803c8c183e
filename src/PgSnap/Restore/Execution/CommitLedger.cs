using Npgsql;

namespace PgSnap.Restore.Execution;

/// <summary>
/// The last statement the server confirmed on one connection, so that a failure which also lost the connection can
/// say what the target kept: the user cannot ask the server any more.
/// </summary>
internal sealed class CommitLedger(RestoreOptions options)
{
    /// <summary>File:line and first line of the last statement the server confirmed on this connection; null before any.</summary>
    private string? _confirmed;

    /// <summary>Records that the server confirmed the statement at <paramref name="source"/>:<paramref name="line"/>.</summary>
    public void Confirm(string source, long line, string sql) => _confirmed = $"{source}:{line} ({StatementFailure.Head(sql)})";

    /// <summary>
    /// Adds to a failure that left the connection closed what the target kept: nothing inside --single-transaction
    /// (the server rolls back a transaction whose session ends), else everything through the last statement the
    /// server confirmed (a statement, a batch, a COPY is committed when its result arrives; a COPY cut short never is).
    /// </summary>
    /// <param name="ex">The failure.</param>
    /// <param name="connection">The connection it happened on (null in a dry run).</param>
    /// <param name="otherConnections">Other connections restore the same archive at the same time (restore -j).</param>
    /// <returns>The explained failure, or null when <paramref name="ex"/> is not a failure of a lost connection.</returns>
    public PgSnapException? Explain(Exception ex, NpgsqlConnection? connection, bool otherConnections)
    {
        if (ex is not PgSnapException { Kind: PgSnapErrorKind.RestoreFailed } failure || connection is null
            || connection.FullState == System.Data.ConnectionState.Open)
        {
            return null;
        }

        var note = options.SingleTransaction
            ? "nothing was committed (single transaction)"
            : _confirmed is null
                ? "nothing of the archive was committed on this connection"
                : $"committed: everything through {_confirmed}, nothing after it";
        if (otherConnections && !options.SingleTransaction)
        {
            note += " (on this connection; the blocks other workers finished stay too)";
        }

        return new PgSnapException(failure.Kind, $"{failure.Message}; {note}", failure.InnerException) { SqlState = failure.SqlState };
    }
}
