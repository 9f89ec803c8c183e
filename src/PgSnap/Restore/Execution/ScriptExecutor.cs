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
    private readonly ConsumedBytes _consumed;
    /// <summary>What the server confirmed last, for the error of a failure that loses the connection.</summary>
    private readonly CommitLedger _ledger;
    /// <summary>COPY … FROM stdin, including the merged COPY that stays open across blocks of one table.</summary>
    private readonly CopyLoader _copies;
    private readonly MetaCommandRunner _metaCommands;
    /// <summary>Statements that go to the server together in the next round trip.</summary>
    private readonly StatementBatch _batch = new();
    /// <summary>Set once the script runs its own BEGIN / COMMIT / SAVEPOINT: from then on each statement runs alone.</summary>
    private bool _scriptControlsTransactions;
    /// <summary>SET SESSION AUTHORIZATION and trigger statements due around entries (pg_restore's options).</summary>
    private readonly EntrySessionSteps _steps;

    public ScriptExecutor(NpgsqlConnection? connection, RestoreOptions options, RestoreCounters counters,
        Func<string, CancellationToken, Task<NpgsqlConnection>>? connectTo)
    {
        Connection = connection;
        _options = options;
        _counters = counters;
        _steps = new EntrySessionSteps(options);
        _consumed = new ConsumedBytes(counters);
        _ledger = new CommitLedger(options);
        _copies = new CopyLoader(counters, _consumed, _ledger, options.DryRunOutput);
        _metaCommands = new MetaCommandRunner(options, counters, connectTo);
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

    /// <summary>
    /// The tables whose first load runs frozen (<see cref="FrozenLoads"/>), shared by every connection of the
    /// restore; null for none.
    /// </summary>
    public FrozenLoads? Freeze { get; init; }

    /// <summary>The quoted table whose block marker claimed a frozen load for the COPY that follows; null for none.</summary>
    private string? _freezeNext;

    /// <summary>The pg_dump entry whose statements are being read (with <see cref="Only"/>).</summary>
    private Input.TocEntry? _entry;

    /// <summary>
    /// Other connections restore the same archive at the same time (restore -j): a lost connection's error then
    /// says that what they finished stays too.
    /// </summary>
    public bool OtherConnections { get; init; }

    /// <summary>True when a merged COPY is still open (see <see cref="EndCopyAsync"/>).</summary>
    public bool HasOpenCopy => _copies.HasOpenCopy;

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
        catch (Exception ex) when (_copies.HasOpenCopy)
        {
            await _copies.AbandonAsync().ConfigureAwait(false);
            if (_ledger.Explain(ex, Connection, OtherConnections) is { } explained)
            {
                throw explained;
            }

            throw;
        }
        catch (PgSnapException ex) when (_ledger.Explain(ex, Connection, OtherConnections) is { } explained)
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
        catch (PgSnapException ex) when (_ledger.Explain(ex, Connection, OtherConnections) is { } explained)
        {
            throw explained;
        }
    }

    /// <summary>Ends the open merged COPY, if any: the server commits its rows or reports the first bad one.</summary>
    public async Task EndCopyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _copies.EndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PgSnapException ex) when (_ledger.Explain(ex, Connection, OtherConnections) is { } explained)
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
        _ledger.Confirm(last.Source, last.Line, last.Sql);
    }

    private async Task RunCoreAsync(SqlScriptSplitter splitter, bool keepCopyOpen, bool keepBatch, CancellationToken cancellationToken)
    {
        while (true)
        {
            var kind = await splitter.ReadAsync(cancellationToken).ConfigureAwait(false);
            _consumed.Report(splitter);
            if (_copies.HasOpenCopy && kind != SqlItemKind.Marker && !(kind == SqlItemKind.End && keepCopyOpen))
            {
                if (kind == SqlItemKind.Statement && await _copies.TryContinueAsync(splitter, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                await _copies.EndAsync(cancellationToken).ConfigureAwait(false);
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

        if (_steps.IsActive || Freeze is not null)
        {
            var named = EntryLine.TryParse(marker);
            _steps.OnEntry(named);
            // Claimed here, before the COPY starts, so that no other connection can reach the table's rows first.
            _freezeNext = Freeze is not null && Connection is not null && named is not null ? Freeze.Claim(named, this) : null;
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
                    _consumed.Report(splitter);
                }
            }
        }
        else if (splitter.IsCopyFromStdin)
        {
            await RunStepsAsync(_steps.Before(), splitter, cancellationToken).ConfigureAwait(false);
            await FlushCoreAsync(cancellationToken).ConfigureAwait(false);
            // A script that runs its own BEGIN / COMMIT is left to them: the frozen load's transaction would nest.
            var freeze = _scriptControlsTransactions ? null : _freezeNext;
            _freezeNext = null;
            await _copies.RunAsync(Connection, splitter, MergeCopies, freeze, cancellationToken).ConfigureAwait(false);
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
            throw StatementFailure.From(ex, splitter.Source, splitter.Line, sql);
        }

        _ledger.Confirm(splitter.Source, splitter.Line, sql);
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

    /// <summary>A backslash command, by policy (<see cref="MetaCommandRunner"/>); a followed \connect replaces the connection.</summary>
    private async Task RunMetaCommandAsync(SqlScriptSplitter splitter, CancellationToken cancellationToken)
    {
        var next = await _metaCommands.RunAsync(splitter, Connection, cancellationToken).ConfigureAwait(false);
        if (!ReferenceEquals(next, Connection))
        {
            Connection = next;
            _steps.OnNewConnection();
        }
    }
}
