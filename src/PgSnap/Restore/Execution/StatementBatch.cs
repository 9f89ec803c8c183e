using Npgsql;

namespace PgSnap.Restore.Execution;

/// <summary>
/// Statements waiting to go to the server together: one <see cref="NpgsqlBatch"/> (extended-protocol messages
/// for every statement and a single Sync) costs one round trip instead of one per statement. The server runs
/// them in order as one implicit transaction and stops at the first error, skipping the rest; the error names
/// the statement that failed (<see cref="NpgsqlException.BatchCommand"/>), so the report keeps its file, line and
/// statement. Outside a transaction the failed batch's earlier statements were rolled back with it: they are run
/// again before the failure is reported, so the target holds exactly what a statement-by-statement restore would
/// (everything before the failing statement, nothing after it). See docs/FORMAT.md, "Restore in batches".
/// </summary>
internal sealed class StatementBatch
{
    /// <summary>Statements per round trip at most: enough to amortise the wait, few enough to hold few locks.</summary>
    public const int MaxStatements = 200;

    /// <summary>Statement bytes per round trip at most (a batch is held in memory until it is sent).</summary>
    public const int MaxBytes = 1 << 20;

    private readonly List<Pending> _pending = [];
    private int _bytes;

    private sealed record Pending(string Sql, string Source, long Line);

    public int Count => _pending.Count;

    /// <summary>The statement added last (the batch must not be empty).</summary>
    public (string Sql, string Source, long Line) Last => (_pending[^1].Sql, _pending[^1].Source, _pending[^1].Line);

    /// <summary>True when the next statement should wait for the next round trip.</summary>
    public bool IsFull => _pending.Count >= MaxStatements || _bytes >= MaxBytes;

    public void Add(string sql, string source, long line)
    {
        _pending.Add(new Pending(sql, source, line));
        _bytes += sql.Length;
    }

    /// <summary>Sends every waiting statement in one round trip; throws the restore failure of the first that fails.</summary>
    /// <param name="connection">The restore's connection.</param>
    /// <param name="inTransaction">
    /// True inside an explicit transaction (--single-transaction): a failure aborts it whole, nothing to run again.
    /// </param>
    /// <param name="cancellationToken">Cancels the restore.</param>
    public async Task FlushAsync(NpgsqlConnection connection, bool inTransaction, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var pending = _pending.ToArray();
        _pending.Clear();
        _bytes = 0;
        var failed = await TryRunAsync(connection, pending, cancellationToken).ConfigureAwait(false);
        if (failed is not var (index, ex))
        {
            return;
        }

        // A server error that also ended the session (FATAL) leaves nothing to run the statements again on.
        if (!inTransaction && index > 0 && ex is PostgresException && connection.FullState == System.Data.ConnectionState.Open)
        {
            // The implicit transaction took the statements before the failing one with it: run them again (they
            // succeeded a moment ago on the same state), so that only the failing statement and what follows it
            // are missing, as in a statement-by-statement restore.
            if (await TryRunAsync(connection, pending[..index], cancellationToken).ConfigureAwait(false) is var (againIndex, againEx))
            {
                throw StatementFailure.From(againEx, pending[againIndex].Source, pending[againIndex].Line, pending[againIndex].Sql);
            }
        }

        var statement = pending[index];
        throw StatementFailure.From(ex, statement.Source, statement.Line, statement.Sql);
    }

    /// <summary>Runs <paramref name="statements"/> as one batch; returns the index and error of the failing one, or null.</summary>
    private static async Task<(int Index, Exception Error)?> TryRunAsync(NpgsqlConnection connection, Pending[] statements, CancellationToken cancellationToken)
    {
        // Npgsql sends a batch command's text as it is (it never re-splits it at semicolons, which would break
        // BEGIN ATOMIC bodies the splitter kept whole).
        await using var batch = new NpgsqlBatch(connection);
        foreach (var statement in statements)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement.Sql));
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            // A server error names its command. A lost connection may not: then it is the first one the server
            // had not completed (Npgsql sets a command's type when its CommandComplete arrives).
            var index = ex is NpgsqlException { BatchCommand: { } failed } ? batch.BatchCommands.IndexOf(failed) : -1;
            return (index >= 0 ? index : FirstIncomplete(batch), ex);
        }
    }

    private static int FirstIncomplete(NpgsqlBatch batch)
    {
        for (var i = 0; i < batch.BatchCommands.Count; i++)
        {
            if (batch.BatchCommands[i].StatementType == StatementType.Unknown)
            {
                return i;
            }
        }

        return 0;
    }
}
