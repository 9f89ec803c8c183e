using System.Text;
using Npgsql;
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

    /// <summary>True when a merged COPY is still open.</summary>
    public bool HasOpenCopy => _open is not null;

    /// <summary>
    /// Runs the COPY statement the splitter just handed out and sends its rows; lists it in a dry run (null
    /// <paramref name="connection"/>). With <paramref name="merge"/>, the server's COPY is left open afterwards.
    /// </summary>
    public async Task RunAsync(NpgsqlConnection? connection, SqlScriptSplitter splitter, bool merge, CancellationToken cancellationToken)
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

        TextWriter writer;
        try
        {
            writer = await connection.BeginTextImportAsync(sql, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw StatementFailure.From(ex, splitter.Source, line, sql);
        }

        var copyWriter = (NpgsqlCopyTextWriter)writer;
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
        ledger.Confirm(source, line, open.Sql);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>After a failure: cancels the open merged COPY, if any, so that none of its rows are committed.</summary>
    public async Task AbandonAsync()
    {
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
