using System.Text;
using Npgsql;
using PgSnap.Connection;
using PgSnap.Sql;

namespace PgSnap.Restore.Execution;

/// <summary>
/// Loads the rows of <c>COPY … FROM stdin</c> statements on one connection: straight from the splitter's buffer into
/// Npgsql's raw copy stream (bytes, never decoded). With merging, a COPY stays open after its <c>\.</c> so that the
/// next block of the same table continues it (<see cref="OpenCopy"/>); the executor decides when it ends.
/// </summary>
internal sealed class CopyLoader(RestoreCounters counters, ConsumedBytes consumed, CommitLedger ledger, TextWriter? dryRunOutput)
{
    /// <summary>A COPY whose rows ended but which stays open for the next block of the same table; null when none.</summary>
    private OpenCopy? _open;

    /// <summary>The connection whose frozen load's own transaction is open (committed when its COPY ends); null when none.</summary>
    private NpgsqlConnection? _frozenTransaction;

    /// <summary>True when a merged COPY is still open.</summary>
    public bool HasOpenCopy => _open is not null;

    /// <summary>
    /// Runs the COPY statement the splitter just handed out and sends its rows; lists it in a dry run (null
    /// <paramref name="connection"/>). With <paramref name="merge"/>, the server's COPY is left open afterwards.
    /// </summary>
    /// <param name="connection">The restore's connection; null in a dry run.</param>
    /// <param name="splitter">Positioned on the COPY statement.</param>
    /// <param name="merge">Leave the server's COPY open after the rows, for the next block of the same table.</param>
    /// <param name="freezeTable">
    /// The quoted table when this is the first load of a table <see cref="FrozenLoads"/> freezes: the COPY then runs
    /// with FREEZE in a transaction of its own after TRUNCATE ONLY, committed when the COPY ends.
    /// </param>
    /// <param name="cancellationToken">Cancels the restore.</param>
    public async Task RunAsync(NpgsqlConnection? connection, SqlScriptSplitter splitter, bool merge, string? freezeTable, CancellationToken cancellationToken)
    {
        var sql = Encoding.UTF8.GetString(splitter.Current.Span);
        var line = splitter.Line;
        counters.AddStatement();
        if (connection is null)
        {
            SqlItemKind kind;
            while ((kind = await splitter.ReadAsync(cancellationToken).ConfigureAwait(false)) == SqlItemKind.CopyData)
            {
            }

            counters.AddRows(splitter.CopyRows);
            dryRunOutput?.WriteLine($"{splitter.Source}:{line}: {sql} ({splitter.CopyRows} rows)");
            return;
        }

        var copyWriter = freezeTable is not null && FrozenStatement(sql) is { } frozen
            ? await TryBeginFrozenAsync(connection, freezeTable, frozen, splitter.Source, line, cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            copyWriter ??= (NpgsqlCopyTextWriter)await connection.BeginTextImportAsync(sql, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw StatementFailure.From(ex, splitter.Source, line, sql);
        }

        if (merge)
        {
            // Open from here on, so that a failure anywhere below is cancelled by the executor like any later one.
            _open = new OpenCopy(copyWriter, splitter.Current.ToArray(), sql);
            await PumpRowsAsync(splitter, _open, cancellationToken).ConfigureAwait(false);
            return;
        }

        await LoadAloneAsync(splitter, copyWriter, line, sql, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// When the statement the splitter just handed out is the open COPY's own (the next block of the same table),
    /// sends its rows into that COPY and returns true; else false, and the caller ends the open COPY.
    /// </summary>
    public async Task<bool> TryContinueAsync(SqlScriptSplitter splitter, CancellationToken cancellationToken)
    {
        if (_open is not { } open || !splitter.IsCopyFromStdin || !splitter.Current.Span.SequenceEqual(open.Statement))
        {
            return false;
        }

        counters.AddStatement();
        await PumpRowsAsync(splitter, open, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Ends the open merged COPY, if any: the server commits its rows or reports the first bad one.</summary>
    public async Task EndAsync(CancellationToken cancellationToken)
    {
        if (_open is not { } open)
        {
            return;
        }

        _open = null;
        var frozen = TakeFrozenTransaction();
        try
        {
            await open.Writer.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw open.Failure(ex);
        }
        catch
        {
            await CancelQuietlyAsync(open.Writer).ConfigureAwait(false);
            throw;
        }

        var (source, line) = open.LastSegment;
        await CommitFrozenAsync(frozen, source, line, cancellationToken).ConfigureAwait(false);
        ledger.Confirm(source, line, open.Sql);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>After a failure: cancels the open merged COPY, if any, so that none of its rows are committed.</summary>
    public async Task AbandonAsync()
    {
        _frozenTransaction = null;
        if (_open is { } open)
        {
            _open = null;
            await CancelQuietlyAsync(open.Writer).ConfigureAwait(false);
        }
    }

    /// <summary>One COPY with its own <c>\.</c>: ended (and confirmed) as soon as its rows are sent.</summary>
    private async Task LoadAloneAsync(SqlScriptSplitter splitter, NpgsqlCopyTextWriter copyWriter, long line, string sql, CancellationToken cancellationToken)
    {
        // The text writer wraps the raw COPY stream: writing bytes to it directly skips a UTF-8 → UTF-16 → UTF-8
        // round trip per row. Nothing is ever written through the TextWriter itself, so nothing is buffered there.
        var raw = copyWriter.BaseStream;
        var frozen = TakeFrozenTransaction();
        var completed = false;
        try
        {
            while (true)
            {
                var kind = await splitter.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (kind == SqlItemKind.CopyEnd)
                {
                    break;
                }

                await raw.WriteAsync(splitter.Current, cancellationToken).ConfigureAwait(false);
                consumed.Report(splitter);
            }

            await copyWriter.DisposeAsync().ConfigureAwait(false);
            completed = true;
            await CommitFrozenAsync(frozen, splitter.Source, line, cancellationToken).ConfigureAwait(false);
            ledger.Confirm(splitter.Source, line, sql);
            counters.AddRows(splitter.CopyRows);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw StatementFailure.From(ex, splitter.Source, line, sql);
        }
        finally
        {
            if (!completed)
            {
                await CancelQuietlyAsync(copyWriter).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Sends the rows of the COPY statement the splitter just handed out into <paramref name="open"/>, up to its
    /// <c>\.</c>, leaving the server's COPY open. <paramref name="open"/> is the open merged COPY, which the
    /// executor abandons if this throws.
    /// </summary>
    private async Task PumpRowsAsync(SqlScriptSplitter splitter, OpenCopy open, CancellationToken cancellationToken)
    {
        open.BeginSegment(splitter.Source, splitter.Line);
        var raw = open.Writer.BaseStream;
        try
        {
            while (await splitter.ReadAsync(cancellationToken).ConfigureAwait(false) != SqlItemKind.CopyEnd)
            {
                await raw.WriteAsync(splitter.Current, cancellationToken).ConfigureAwait(false);
                consumed.Report(splitter);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw open.Failure(ex);
        }

        open.AddRows(splitter.CopyRows);
        counters.AddRows(splitter.CopyRows);
    }

    /// <summary>
    /// BEGIN and TRUNCATE ONLY <paramref name="table"/> in one round trip, then the COPY with FREEZE: its writer, or
    /// null when the server refused any of it (a privilege, a prerequisite of FREEZE): the transaction is then
    /// rolled back, nothing was lost, and the caller loads the rows with a plain COPY.
    /// </summary>
    private async Task<NpgsqlCopyTextWriter?> TryBeginFrozenAsync(NpgsqlConnection connection, string table, string sql, string source, long line, CancellationToken cancellationToken)
    {
        try
        {
            await using (var batch = new NpgsqlBatch(connection) { BatchCommands = { new NpgsqlBatchCommand("BEGIN"), new NpgsqlBatchCommand("TRUNCATE ONLY " + table) } })
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var writer = (NpgsqlCopyTextWriter)await connection.BeginTextImportAsync(sql, cancellationToken).ConfigureAwait(false);
            _frozenTransaction = connection;
            return writer;
        }
        catch (PostgresException)
        {
            try
            {
                await connection.ExecuteStatementAsync("ROLLBACK", cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
            {
                throw StatementFailure.From(ex, source, line, "ROLLBACK");
            }

            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw StatementFailure.From(ex, source, line, sql);
        }
    }

    /// <summary>The connection of the COPY that runs in a frozen load's own transaction (null: none), forgotten here.</summary>
    private NpgsqlConnection? TakeFrozenTransaction()
    {
        var connection = _frozenTransaction;
        _frozenTransaction = null;
        return connection;
    }

    /// <summary>Commits a frozen load's own transaction (<paramref name="connection"/>: null for none) once its COPY has ended.</summary>
    private static async Task CommitFrozenAsync(NpgsqlConnection? connection, string source, long line, CancellationToken cancellationToken)
    {
        if (connection is null)
        {
            return;
        }

        try
        {
            await connection.ExecuteStatementAsync("COMMIT", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw StatementFailure.From(ex, source, line, "COMMIT");
        }
    }

    /// <summary>
    /// The COPY of an archive's data block (<c>COPY t (…) FROM stdin;</c>) with FREEZE; null for any other form,
    /// which then loads plainly.
    /// </summary>
    internal static string? FrozenStatement(string sql)
    {
        var statement = sql.AsSpan().TrimEnd().TrimEnd(';').TrimEnd();
        return statement.EndsWith(" FROM stdin", StringComparison.OrdinalIgnoreCase) ? string.Concat(statement, " WITH (FREEZE)") : null;
    }

    private static async Task CancelQuietlyAsync(NpgsqlCopyTextWriter writer)
    {
        try
        {
            await writer.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The COPY already failed or the connection is gone; the original error is the one to report.
        }
    }
}
