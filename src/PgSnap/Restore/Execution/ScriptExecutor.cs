using System.Text;
using Npgsql;
using PgSnap.Archive.Manifest;
using PgSnap.Sql;

namespace PgSnap.Restore.Execution;

/// <summary>
/// Replays the items of one splitter on one connection: statements one at a time, COPY rows straight from the
/// splitter's buffer into Npgsql's raw copy stream (bytes, never decoded), meta-commands by policy, statements
/// skipped by --no-owner / --no-acl. The first error stops it with file, line, the statement's first line,
/// SQLSTATE and the server's message; when the connection is gone after it, the error also says what the target
/// kept: nothing with --single-transaction, else everything through the last statement the server confirmed.
/// </summary>
internal sealed class ScriptExecutor
{
    private readonly RestoreOptions _options;
    private readonly RestoreCounters _counters;
    private readonly Func<string, CancellationToken, Task<NpgsqlConnection>>? _connectTo;
    /// <summary>Input bytes of the splitter already added to the shared counters.</summary>
    private long _bytesReported;
    /// <summary>A COPY whose rows ended but which stays open for the next block of the same table; null when none.</summary>
    private OpenCopy? _open;
    /// <summary>Statements that go to the server together in the next round trip.</summary>
    private readonly StatementBatch _batch = new();
    /// <summary>Set once the script runs its own BEGIN / COMMIT / SAVEPOINT: from then on each statement runs alone.</summary>
    private bool _scriptControlsTransactions;
    /// <summary>File:line and first line of the last statement the server confirmed on this connection; null before any.</summary>
    private string? _confirmed;
    /// <summary>SET SESSION AUTHORIZATION and trigger statements due around entries (pg_restore's options).</summary>
    private readonly EntrySessionSteps _steps;

    public ScriptExecutor(NpgsqlConnection? connection, RestoreOptions options, RestoreCounters counters,
        Func<string, CancellationToken, Task<NpgsqlConnection>>? connectTo)
    {
        Connection = connection;
        _options = options;
        _counters = counters;
        _connectTo = connectTo;
        _steps = new EntrySessionSteps(options);
    }

    /// <summary>The connection statements go to (null in a dry run); a followed \connect replaces it.</summary>
    public NpgsqlConnection? Connection { get; private set; }

    /// <summary>The format judged from the first structural comment seen.</summary>
    public ScriptFormat Format => Completion.Format;

    /// <summary>The script's kind and whether its own completion line (PgSnap footer or pg_dump's trailer) was read.</summary>
    public ScriptCompletion Completion { get; } = new();

    /// <summary>Block markers seen, in order (PgSnap archives).</summary>
    public int Blocks { get; private set; }

    /// <summary>
    /// Whether a COPY stays open after its <c>\.</c> so that an identical COPY statement that follows (the next
    /// block of the same table, nothing but comments in between) continues it (<see cref="OpenCopy"/>). Only for
    /// PgSnap archives, whose data blocks are written that way.
    /// </summary>
    public bool MergeCopies { get; init; }

    /// <summary>
    /// A selective restore of a pg_dump file: only the statements of the entries it includes run (session
    /// settings, SET and RESET, always do: pg_dump writes an entry's before its "-- Name:" comment).
    /// </summary>
    public Selection.PlainEntrySelection? Only { get; init; }

    /// <summary>The pg_dump entry whose statements are being read (with <see cref="Only"/>).</summary>
    private Input.TocEntry? _entry;

    /// <summary>
    /// Other connections restore the same archive at the same time (restore -j): a lost connection's error then
    /// says that what they finished stays too.
    /// </summary>
    public bool OtherConnections { get; init; }

    /// <summary>True when a merged COPY is still open (see <see cref="EndCopyAsync"/>).</summary>
    public bool HasOpenCopy => _open is not null;

    /// <summary>Runs every item of <paramref name="splitter"/>.</summary>
    /// <param name="splitter">The script, or one block of it.</param>
    /// <param name="keepCopyOpen">
    /// Leave a merged COPY open at the end of <paramref name="splitter"/> (restore -j: the next block the worker
    /// runs may continue it); the caller then ends it with <see cref="EndCopyAsync"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the restore.</param>
    /// <param name="keepBatch">
    /// Leave statements of the end of <paramref name="splitter"/> waiting for the next round trip (restore -j: the
    /// next block in archive order may share it); the caller then sends them with <see cref="FlushAsync"/>.
    /// </param>
    public async Task RunAsync(SqlScriptSplitter splitter, CancellationToken cancellationToken, bool keepCopyOpen = false, bool keepBatch = false)
    {
        try
        {
            await RunCoreAsync(splitter, keepCopyOpen, keepBatch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_open is { } open)
        {
            _open = null;
            await CancelQuietlyAsync(open.Writer).ConfigureAwait(false);
            if (WithWhatWasCommitted(ex) is { } explained)
            {
                throw explained;
            }

            throw;
        }
        catch (PgSnapException ex) when (WithWhatWasCommitted(ex) is { } explained)
        {
            throw explained;
        }
    }

    /// <summary>Sends the statements waiting in the batch, if any (one round trip); throws the first one's failure.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PgSnapException ex) when (WithWhatWasCommitted(ex) is { } explained)
        {
            throw explained;
        }
    }

    /// <summary>Ends the open merged COPY, if any: the server commits its rows or reports the first bad one.</summary>
    public async Task EndCopyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EndCopyCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PgSnapException ex) when (WithWhatWasCommitted(ex) is { } explained)
        {
            throw explained;
        }
    }

    private async Task FlushCoreAsync(CancellationToken cancellationToken)
    {
        if (Connection is null || _batch.Count == 0)
        {
            return;
        }

        var last = _batch.Last;
        await _batch.FlushAsync(Connection, _options.SingleTransaction, cancellationToken).ConfigureAwait(false);
        Confirm(last.Source, last.Line, last.Sql);
    }

    private async Task EndCopyCoreAsync(CancellationToken cancellationToken)
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
        Confirm(source, line, open.Sql);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task RunCoreAsync(SqlScriptSplitter splitter, bool keepCopyOpen, bool keepBatch, CancellationToken cancellationToken)
    {
        while (true)
        {
            var kind = await splitter.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReportConsumed(splitter);
            if (_open is { } open && kind != SqlItemKind.Marker && !(kind == SqlItemKind.End && keepCopyOpen))
            {
                if (kind == SqlItemKind.Statement && splitter.IsCopyFromStdin && splitter.Current.Span.SequenceEqual(open.Statement))
                {
                    _counters.AddStatement();
                    await PumpRowsAsync(splitter, open, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await EndCopyCoreAsync(cancellationToken).ConfigureAwait(false);
            }

            if (kind != SqlItemKind.Statement && kind != SqlItemKind.Marker && !(kind == SqlItemKind.End && keepBatch))
            {
                await FlushCoreAsync(cancellationToken).ConfigureAwait(false);
            }

            switch (kind)
            {
                case SqlItemKind.End:
                    if (_steps.IsActive && !keepCopyOpen && !keepBatch)
                    {
                        await RunStepsAsync(_steps.AtEnd(), splitter, cancellationToken).ConfigureAwait(false);
                        await FlushCoreAsync(cancellationToken).ConfigureAwait(false);
                    }

                    return;
                case SqlItemKind.Marker:
                    OnMarker(splitter.Current.Span);
                    break;
                case SqlItemKind.MetaCommand:
                    await RunMetaCommandAsync(splitter, cancellationToken).ConfigureAwait(false);
                    break;
                case SqlItemKind.Statement:
                    await OnStatementAsync(splitter, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new InvalidOperationException($"unexpected {kind} outside COPY");
            }
        }
    }

    /// <summary>A structural line: completion tracking, the block count, and the entry that selection and session steps follow.</summary>
    private void OnMarker(ReadOnlySpan<byte> marker)
    {
        Completion.OnMarker(marker);
        if (marker.StartsWith(Encoding.ASCII.GetBytes(BlockMarker.LinePrefix)))
        {
            Blocks++;
        }

        if (Only is not null && Input.ScriptSurvey.TryParseEntry(marker) is { } entry)
        {
            _entry = entry;
        }

        if (_steps.IsActive)
        {
            _steps.OnEntry(EntryLine.TryParse(marker));
        }
    }

    /// <summary>A statement: skipped (with its COPY rows) when selection leaves its entry out, else run.</summary>
    private async Task OnStatementAsync(SqlScriptSplitter splitter, CancellationToken cancellationToken)
    {
        Completion.OnStatement();
        if (Only is { } only && !only.Includes(_entry) && !splitter.FirstWord.SequenceEqual("set"u8) && !splitter.FirstWord.SequenceEqual("reset"u8))
        {
            _counters.AddSkipped();
            if (splitter.IsCopyFromStdin)
            {
                while (await splitter.ReadAsync(cancellationToken).ConfigureAwait(false) == SqlItemKind.CopyData)
                {
                    ReportConsumed(splitter);
                }
            }
        }
        else if (splitter.IsCopyFromStdin)
        {
            await RunStepsAsync(_steps.Before(), splitter, cancellationToken).ConfigureAwait(false);
            await FlushCoreAsync(cancellationToken).ConfigureAwait(false);
            await RunCopyAsync(splitter, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await RunStatementAsync(splitter, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RunStatementAsync(SqlScriptSplitter splitter, CancellationToken cancellationToken)
    {
        var info = StatementClassifier.Classify(splitter.Current.Span, splitter.FirstWord);
        var optional = OptionalStatementClassifier.Classify(splitter.Current.Span, splitter.FirstWord, info);
        if (_options.Skips(optional) || (info.Kind == StatementKind.OwnerTo && _options.UseSetSessionAuthorization))
        {
            _counters.AddSkipped();
            return;
        }

        await RunStepsAsync(_steps.Before(), splitter, cancellationToken).ConfigureAwait(false);
        if (optional == OptionalStatementKind.Ownership && info.Kind != StatementKind.OwnerTo)
        {
            _steps.OnScriptAuthorization();
        }

        var sql = (_options.NoTableAccessMethod ? TableAccessMethodClause.Remove(splitter.Current.Span, splitter.FirstWord) : null)
            ?? Encoding.UTF8.GetString(splitter.Current.Span);
        _counters.AddStatement();
        if (info.Kind == StatementKind.SetStandardConformingStrings)
        {
            splitter.StandardConformingStrings = info.StandardConformingStrings ?? true;
        }

        if (Connection is null)
        {
            _options.DryRunOutput?.WriteLine($"{splitter.Source}:{splitter.Line}: {sql}");
            return;
        }

        _scriptControlsTransactions |= BatchPolicy.IsTransactionControl(splitter.FirstWord);
        if (!_scriptControlsTransactions && BatchPolicy.CanBatch(splitter.Current.Span, splitter.FirstWord))
        {
            _batch.Add(sql, splitter.Source, splitter.Line);
            if (_batch.IsFull)
            {
                await FlushCoreAsync(cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await FlushCoreAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A batch of one command is sent as it is: unlike NpgsqlCommand, Npgsql does not re-split a batch
            // command's text at semicolons, which would break BEGIN ATOMIC bodies the splitter kept whole.
            await using var batch = new NpgsqlBatch(Connection) { BatchCommands = { new NpgsqlBatchCommand(sql) } };
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw Failure(ex, splitter.Source, splitter.Line, sql);
        }

        Confirm(splitter.Source, splitter.Line, sql);
    }

    /// <summary>
    /// Runs statements pgsnap adds itself (<see cref="EntrySessionSteps"/>) where the script's next statement would
    /// go: in the waiting batch, or alone once the script controls its own transactions; listed in a dry run.
    /// </summary>
    private async Task RunStepsAsync(IReadOnlyList<string> steps, SqlScriptSplitter splitter, CancellationToken cancellationToken)
    {
        foreach (var sql in steps)
        {
            if (Connection is null)
            {
                _options.DryRunOutput?.WriteLine($"{splitter.Source}:{splitter.Line}: {sql} (added by pgsnap)");
                continue;
            }

            _batch.Add(sql, splitter.Source, splitter.Line);
            if (_scriptControlsTransactions || _batch.IsFull)
            {
                await FlushCoreAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunCopyAsync(SqlScriptSplitter splitter, CancellationToken cancellationToken)
    {
        var sql = Encoding.UTF8.GetString(splitter.Current.Span);
        var line = splitter.Line;
        _counters.AddStatement();
        if (Connection is null)
        {
            SqlItemKind kind;
            while ((kind = await splitter.ReadAsync(cancellationToken).ConfigureAwait(false)) == SqlItemKind.CopyData)
            {
            }

            _counters.AddRows(splitter.CopyRows);
            _options.DryRunOutput?.WriteLine($"{splitter.Source}:{line}: {sql} ({splitter.CopyRows} rows)");
            return;
        }

        TextWriter writer;
        try
        {
            writer = await Connection.BeginTextImportAsync(sql, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw Failure(ex, splitter.Source, line, sql);
        }

        var copyWriter = (NpgsqlCopyTextWriter)writer;
        if (MergeCopies)
        {
            // Open from here on, so that a failure anywhere below is cancelled by RunAsync like any later one.
            _open = new OpenCopy(copyWriter, splitter.Current.ToArray(), sql);
            await PumpRowsAsync(splitter, _open, cancellationToken).ConfigureAwait(false);
            return;
        }

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
                ReportConsumed(splitter);
            }

            await copyWriter.DisposeAsync().ConfigureAwait(false);
            completed = true;
            Confirm(splitter.Source, line, sql);
            _counters.AddRows(splitter.CopyRows);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw Failure(ex, splitter.Source, line, sql);
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
    /// <c>\.</c>, leaving the server's COPY open. <paramref name="open"/> is the executor's open COPY, which
    /// <see cref="RunAsync"/> cancels if this throws.
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
                ReportConsumed(splitter);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw open.Failure(ex);
        }

        open.AddRows(splitter.CopyRows);
        _counters.AddRows(splitter.CopyRows);
    }

    private void Confirm(string source, long line, string sql) => _confirmed = $"{source}:{line} ({Head(sql)})";

    /// <summary>
    /// Adds to a failure that left the connection closed what the target kept, since the user cannot ask the server
    /// any more: nothing inside --single-transaction (the server rolls back a transaction whose session ends), else
    /// everything through the last statement the server confirmed (a statement, a batch, a COPY is committed when
    /// its result arrives; a COPY cut short never is).
    /// </summary>
    /// <returns>The explained failure, or null when <paramref name="ex"/> is not a failure of a lost connection.</returns>
    private PgSnapException? WithWhatWasCommitted(Exception ex)
    {
        if (ex is not PgSnapException { Kind: PgSnapErrorKind.RestoreFailed } failure || Connection is null
            || Connection.FullState == System.Data.ConnectionState.Open)
        {
            return null;
        }

        var note = _options.SingleTransaction
            ? "nothing was committed (single transaction)"
            : _confirmed is null
                ? "nothing of the archive was committed on this connection"
                : $"committed: everything through {_confirmed}, nothing after it";
        if (OtherConnections && !_options.SingleTransaction)
        {
            note += " (on this connection; the blocks other workers finished stay too)";
        }

        return new PgSnapException(failure.Kind, $"{failure.Message}; {note}", failure.InnerException) { SqlState = failure.SqlState };
    }

    /// <summary>Adds what the splitter consumed since the last call (so a long COPY shows progress as it goes).</summary>
    private void ReportConsumed(SqlScriptSplitter splitter)
    {
        var consumed = splitter.BytesConsumed;
        _counters.AddBytes(consumed - _bytesReported);
        _bytesReported = consumed;
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

    private async Task RunMetaCommandAsync(SqlScriptSplitter splitter, CancellationToken cancellationToken)
    {
        var meta = MetaCommand.Parse(splitter.Current.Span);
        var where = $"{splitter.Source}:{splitter.Line}";
        if (meta.IsRestrictToggle)
        {
            return;
        }

        if (!meta.IsConnect)
        {
            throw RefuseMeta(meta, where);
        }

        var database = meta.ConnectDatabase();
        var current = Connection?.Database;
        if (database is null || string.Equals(database, current, StringComparison.Ordinal))
        {
            _counters.AddSkipped();
            return;
        }

        if (!_options.AllowConnect)
        {
            throw new PgSnapException(PgSnapErrorKind.Refused,
                $"{where}: the script switches to database \"{database}\" (\\connect); pass --allow-connect to follow it, or restore into that database with --url");
        }

        if (_options.SingleTransaction)
        {
            throw new PgSnapException(PgSnapErrorKind.Refused, $"{where}: \\connect cannot be followed inside --single-transaction");
        }

        if (Connection is null || _connectTo is null)
        {
            _options.DryRunOutput?.WriteLine($"{where}: \\connect {database}");
            return;
        }

        var next = await _connectTo(database, cancellationToken).ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
        Connection = next;
        _steps.OnNewConnection();
    }

    /// <summary>The refusal of any backslash command other than \connect, \restrict and \unrestrict.</summary>
    public static PgSnapException RefuseMeta(MetaCommand meta, string where) =>
        new(PgSnapErrorKind.Refused,
            $"{where}: psql meta-command '\\{meta.Name}' is not allowed: pgsnap only follows \\connect, \\restrict and \\unrestrict, and never runs programs or reads or writes local files");

    /// <summary>Turns a failed statement into the one-line error of docs/ARCHITECTURE.md, "Errors and exit codes".</summary>
    /// <param name="ex">The server's error, or the I/O error that broke the connection.</param>
    /// <param name="source">The input's name (and block) in the message.</param>
    /// <param name="line">The statement's line.</param>
    /// <param name="sql">The statement.</param>
    /// <param name="where">The server's context line to print instead of its own (a merged COPY's, made relative to the block).</param>
    public static PgSnapException Failure(Exception ex, string source, long line, string sql, string? where = null)
    {
        var head = Head(sql);
        if (ex is PostgresException pg)
        {
            var context = (where ?? pg.Where) is { Length: > 0 } w ? $" ({w.ReplaceLineEndings(" ")})" : string.Empty;
            return new PgSnapException(PgSnapErrorKind.RestoreFailed,
                $"{source}:{line}: {head}: ERROR {pg.SqlState}: {pg.MessageText}{context}", ex)
            { SqlState = pg.SqlState };
        }

        var reason = (ex.InnerException ?? ex).Message.ReplaceLineEndings(" ");
        return new PgSnapException(PgSnapErrorKind.RestoreFailed, $"{source}:{line}: {head}: connection to the server lost or failed: {reason}", ex);
    }

    /// <summary>A statement's first line, at most 120 characters, for messages.</summary>
    private static string Head(string sql)
    {
        var firstLine = sql.AsSpan().TrimStart();
        var nl = firstLine.IndexOfAny('\r', '\n');
        var head = (nl < 0 ? firstLine : firstLine[..nl]).ToString();
        return head.Length > 120 ? string.Concat(head.AsSpan(0, 117), "...") : head;
    }
}
