using Npgsql;
using PgSnap.Archive.Reading;
using PgSnap.Connection;
using PgSnap.Restore.Clean;
using PgSnap.Restore.Execution;
using PgSnap.Restore.Input;
using PgSnap.Restore.Parallel;
using PgSnap.Restore.Selection;
using PgSnap.Restore.Target;
using PgSnap.Sql;

namespace PgSnap.Restore;

/// <summary>
/// <c>pgsnap restore</c>: reader → splitter → executor, with the safety rules of docs/ARCHITECTURE.md, "restore". Order of work:
/// spool stdin to a temporary file (so a pipe gets the same checks as a file) → survey the file (refuse forbidden
/// meta-commands, collect roles and objects) → connect →
/// refuse a non-empty target (unless --clean / --force) and missing roles (unless --no-owner / --no-acl) →
/// BEGIN with -1 → --clean drops → replay (sequentially, or -j N from the manifest) → completion check → COMMIT →
/// one synchronous commit (sessions run with synchronous_commit off until then).
/// </summary>
internal static class RestoreEngine
{
    /// <summary>
    /// Restores <paramref name="input"/> (a path or "-") into the database of <paramref name="spec"/>. No safety
    /// backup: that is <see cref="Verbs.RestoreVerb"/>'s first step, and the drill restores into an empty database.
    /// </summary>
    public static async Task<RestoreSummary> RunAsync(string input, Func<Stream> stdin, ConnectionSpec? spec, RestoreOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdin);
        RestorePreparation.ValidateOptions(input, options);

        // A pipe cannot be read twice, and the survey must see all of it before the first statement runs: a
        // forbidden meta-command at the end of the stream must not find half a restore already committed.
        await using var spool = input == "-" && !options.DryRun
            ? await StdinSpool.CreateAsync(stdin(), cancellationToken).ConfigureAwait(false)
            : null;
        var source = new RestoreSource(input, spool?.Path, stdin);
        // A complete PgSnap archive is found by its footer; anything else (a directory, a missing file, another
        // format) gets its one clear line from the survey, which opens the input as a script. For an archive, the survey's single pass also checks every block's
        // checksum (only the manifest can tell that a byte inside a block changed: an uncompressed file has no CRC
        // of its own), so a damaged block stops the restore before anything runs.
        using var index = source.IsFile && (source.IsRemote || File.Exists(source.ReadPath)) ? await ArchiveIndex.TryOpenAsync(source.ReadPath, cancellationToken).ConfigureAwait(false) : null;
        var selection = options.Selection is { IsActive: true } ? options.Selection : null;
        RestorePreparation.CheckInputSuits(options, source, index, selection);
        var selected = index is null ? null : selection?.Select(index);
        if (options.List)
        {
            foreach (var line in TocListing.Lines(source.Name, selected ?? index!.Manifest.Blocks))
            {
                options.DryRunOutput?.WriteLine(line);
            }

            return Summarize(input, ScriptFormat.PgSnap, new RestoreCounters(null, null), 1, dryRun: true);
        }

        var prepared = await RestorePreparation.PrepareAsync(input, source, index, selection, selected, options, cancellationToken).ConfigureAwait(false);
        if (options.DryRun)
        {
            return await DryRunAsync(prepared, options, cancellationToken).ConfigureAwait(false);
        }

        if (spec is null)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "no target database: pass --url (or -d)");
        }

        if (options.Create && prepared.Survey?.Entries.Any(static e => e.Kind == "DATABASE") == true)
        {
            // The archive's own CREATE DATABASE and \connect (dump -C) would run inside the database -C just made.
            throw new PgSnapException(PgSnapErrorKind.Usage,
                "this archive creates its database itself (dumped with -C): restore it without -C, with --url naming the maintenance database (postgres) and --allow-connect");
        }

        return options.Create
            ? await RestoreIntoNewDatabaseAsync(prepared, spec, options, cancellationToken).ConfigureAwait(false)
            : await RestoreIntoAsync(prepared, spec, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>--dry-run: what --clean would drop, then every statement that would run; no connection.</summary>
    private static async Task<RestoreSummary> DryRunAsync(PreparedRestore p, RestoreOptions options, CancellationToken cancellationToken)
    {
        foreach (var drop in options.Clean ? CleanPlan.Describe(p.Survey!.Entries, p.Survey.LargeObjects) : [])
        {
            options.DryRunOutput?.WriteLine($"(clean) {drop}");
        }

        if (p.Selected is not null || p.Index is { IsRemote: true })
        {
            // From a bucket the survey left the data blocks unchecked (ScriptSurvey.RunAsync): they are checked here.
            await using var chosen = CheckedArchiveStream.Open(p.Index!, p.Source.Name, p.Selected);
            using var chosenSplitter = new SqlScriptSplitter(chosen, p.Source.Name);
            await new ScriptExecutor(null, options, p.Counters, connectTo: null).RunAsync(chosenSplitter, cancellationToken).ConfigureAwait(false);
            return Summarize(p.Input, ScriptFormat.PgSnap, p.Counters, 1, dryRun: true);
        }

        var dry = await RunSequentialAsync(p.Source, null, options, p.Counters, null, mergeCopies: false, p.Plain, freeze: null, cancellationToken).ConfigureAwait(false);
        return Summarize(p.Input, dry.Format, p.Counters, 1, dryRun: true);
    }

    /// <summary>-C: create the database, restore into it, and drop it again when the restore fails.</summary>
    private static async Task<RestoreSummary> RestoreIntoNewDatabaseAsync(PreparedRestore prepared, ConnectionSpec spec, RestoreOptions options, CancellationToken cancellationToken)
    {
        if (options.Clean || options.Force)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "-C/--create makes a new database: --clean and --force are for restoring over an existing one");
        }

        await TargetDatabase.CreateAsync(spec, "pgsnap restore", cancellationToken, options.Role).ConfigureAwait(false);
        try
        {
            return await RestoreIntoAsync(prepared, spec, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The database did not exist before this restore: a failed one leaves nothing behind.
            await TargetDatabase.DropAsync(spec, "pgsnap restore", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Connect → version guard → target checks → roles → the transaction → --clean → replay → commit → one
    /// synchronous commit.
    /// </summary>
    private static async Task<RestoreSummary> RestoreIntoAsync(PreparedRestore p, ConnectionSpec spec, RestoreOptions options, CancellationToken cancellationToken)
    {
        await using var connections = new RestoreConnections(options.Role, options.EnableRowSecurity);
        var connection = await connections.OpenAsync(spec, cancellationToken).ConfigureAwait(false);
        var targetMajor = connection.PostgreSqlVersion.Major;
        try
        {
            RestoreVersionGuard.ThrowIfRefused(p.SourceVersion, targetMajor, options.AllowDowngrade);
            var userObjects = await DatabaseContents.ListUserObjectsAsync(connection, cancellationToken).ConfigureAwait(false);
            await TargetPreflight.CheckSuperuserAsync(connection, options, cancellationToken).ConfigureAwait(false);
            var plan = await TargetPreflight.CheckTargetAsync(connection, p, userObjects, options, cancellationToken).ConfigureAwait(false);
            await TargetPreflight.CheckRolesAsync(connection, p.Survey, options, cancellationToken).ConfigureAwait(false);
            var warnings = new List<string>();
            var selected = p.Selected is null ? null : await DanglingForeignKeys.LeaveOutAsync(connection, p.Index!, p.Selected, warnings, cancellationToken).ConfigureAwait(false);
            options = TargetPreflight.InOneTransactionWhenTargetHoldsObjects(options, userObjects.Count, connection.Database);
            if (options.SingleTransaction)
            {
                await connection.ExecuteStatementAsync("BEGIN", cancellationToken).ConfigureAwait(false);
            }

            var leftInPlace = await CleanIfAskedAsync(connection, p, plan, userObjects, options, cancellationToken).ConfigureAwait(false);
            var (format, last) = await ReplayAsync(connection, connections, p with { Selected = selected }, spec, options, cancellationToken).ConfigureAwait(false);
            connection = last;
            await CommitAsync(connection, options, cancellationToken).ConfigureAwait(false);
            p.Counters.MaybeReport(force: true);
            return Summarize(p.Input, format, p.Counters, p.Index is not null && options.Jobs > 1 ? options.Jobs : 1, dryRun: false)
                with
            { LeftInPlace = leftInPlace, Warnings = warnings, ArchiveBytesRead = selected is null ? null : p.Index!.BytesRead, ArchiveLength = selected is null ? null : p.Index!.FileLength };
        }
        catch (PgSnapException ex) when (ex.Kind == PgSnapErrorKind.RestoreFailed && RestoreVersionGuard.MajorOf(p.SourceVersion) > targetMajor)
        {
            throw RestoreVersionGuard.Explain(ex, p.SourceVersion, targetMajor);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Over a non-empty target: --clean's drops, and the user objects the archive does not hold (left in place,
    /// reported). What a selective restore did not choose is not "left in place": the user left it out.
    /// </summary>
    private static async Task<IReadOnlyList<string>> CleanIfAskedAsync(
        NpgsqlConnection connection, PreparedRestore p, CleanPlan? plan, IReadOnlyList<UserObject> userObjects, RestoreOptions options, CancellationToken cancellationToken)
    {
        if (p.Survey is null || userObjects.Count == 0)
        {
            return [];
        }

        plan ??= await CleanPlan.BuildAsync(connection, p.Survey.Entries, p.Survey.LargeObjects, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> leftInPlace = p.Selected is not null || p.Plain is not null ? [] : [.. userObjects.Where(o => !plan.Holds(o.ClassId, o.ObjId)).Select(static o => o.Description)];
        if (options.Clean)
        {
            await CleanAsync(connection, plan, ownTransaction: !options.SingleTransaction, cancellationToken).ConfigureAwait(false);
        }

        return leftInPlace;
    }

    /// <summary>
    /// Runs the statements: -j N from the manifest, only the chosen blocks of a selection, or the whole script in
    /// order. Returns the format found and the connection that ran last (a followed \connect changes it).
    /// </summary>
    private static async Task<(ScriptFormat Format, NpgsqlConnection Connection)> ReplayAsync(
        NpgsqlConnection connection, RestoreConnections connections, PreparedRestore p, ConnectionSpec spec, RestoreOptions options, CancellationToken cancellationToken)
    {
        if (p.Index is not null && options.Jobs > 1)
        {
            // With a selection, only the chosen blocks are scheduled (and read).
            var parallel = new ParallelRestorer(p.Index, p.Source.Name, options, p.Counters, ct => connections.OpenAsync(spec, ct), p.Selected);
            await parallel.RunAsync(connection, cancellationToken).ConfigureAwait(false);
            return (ScriptFormat.PgSnap, connection);
        }

        if (p.Selected is not null || p.Index is { IsRemote: true })
        {
            // Only the chosen blocks are read, or from object storage every block through the manifest, each checked
            // against it as it goes by (from a bucket the survey left the rows for this pass: ScriptSurvey.RunAsync).
            // A whole archive's consecutive blocks of one table go into one server COPY, still open when a block's
            // last byte is checked: a damaged block's rows are never committed.
            await using var text = CheckedArchiveStream.Open(p.Index!, p.Source.Name, p.Selected, CheckedArchiveStream.WhileRestoring);
            using var splitter = new SqlScriptSplitter(text, p.Source.Name);
            var executor = new ScriptExecutor(connection, options, p.Counters, connectTo: null)
            {
                MergeCopies = p.Selected is null,
                Freeze = FrozenLoads.For(p.Selected ?? p.Index!.Manifest.Blocks, options),
            };
            await executor.RunAsync(splitter, cancellationToken).ConfigureAwait(false);
            return (ScriptFormat.PgSnap, connection);
        }

        var result = await RunSequentialAsync(p.Source, connection, options, p.Counters,
            (db, ct) => connections.OpenAsync(spec with { Database = db }, ct), mergeCopies: p.Index is not null, p.Plain,
            p.Index is null ? null : FrozenLoads.For(p.Index.Manifest.Blocks, options), cancellationToken).ConfigureAwait(false);
        return (result.Format, result.Connection!);
    }

    /// <summary>
    /// COMMIT with -1, then one synchronous commit: it waits for the WAL to be flushed up to its own record, which
    /// comes after every asynchronous commit of this restore on any connection: once it returns, the restore is durable.
    /// </summary>
    private static async Task CommitAsync(NpgsqlConnection connection, RestoreOptions options, CancellationToken cancellationToken)
    {
        if (options.SingleTransaction)
        {
            await connection.ExecuteStatementAsync("COMMIT", cancellationToken).ConfigureAwait(false);
        }

        await connection.ExecuteStatementAsync("SET synchronous_commit = on; SELECT pg_catalog.txid_current()", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(ScriptFormat Format, NpgsqlConnection? Connection)> RunSequentialAsync(
        RestoreSource source, NpgsqlConnection? connection, RestoreOptions options, RestoreCounters counters,
        Func<string, CancellationToken, Task<NpgsqlConnection>>? connectTo, bool mergeCopies, PlainEntrySelection? only, FrozenLoads? freeze, CancellationToken cancellationToken)
    {
        await using var archive = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var splitter = new SqlScriptSplitter(archive.Text, archive.Source);
        // A complete PgSnap archive writes a big table as many consecutive blocks: one server COPY takes them all.
        var executor = new ScriptExecutor(connection, options, counters, connectTo) { MergeCopies = mergeCopies, Only = only, Freeze = freeze };
        await executor.RunAsync(splitter, cancellationToken).ConfigureAwait(false);
        if (!executor.Completion.IsComplete)
        {
            throw executor.Completion.Incomplete(archive.Source, options.SingleTransaction ? "nothing was committed" : "what ran before this point stays in the target");
        }

        return (executor.Format, executor.Connection);
    }

    /// <summary>
    /// Runs --clean's drops (in the restore's transaction, or in one of their own with --no-single-transaction) and
    /// checks with <see cref="CleanGuard"/> that nothing the archive does not hold went with them.
    /// </summary>
    private static async Task CleanAsync(NpgsqlConnection connection, CleanPlan plan, bool ownTransaction, CancellationToken cancellationToken)
    {
        if (ownTransaction)
        {
            await connection.ExecuteStatementAsync("BEGIN", cancellationToken).ConfigureAwait(false);
        }

        var before = await CleanGuard.SnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteStatementAsync("SAVEPOINT pgsnap_clean", cancellationToken).ConfigureAwait(false);
        foreach (var drop in plan.Drops)
        {
            try
            {
                await connection.ExecuteStatementAsync(drop, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException)
            {
                throw StatementFailure.From(ex, "--clean", 0, drop);
            }
        }

        var after = await CleanGuard.SnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        await before.EnsureKeptAsync(after, plan, connection, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteStatementAsync(ownTransaction ? "COMMIT" : "RELEASE SAVEPOINT pgsnap_clean", cancellationToken).ConfigureAwait(false);
    }


    private static RestoreSummary Summarize(string input, ScriptFormat format, RestoreCounters counters, int jobs, bool dryRun) =>
        new(input == "-" ? "stdin" : input,
            format switch { ScriptFormat.PgSnap => "pgsnap", ScriptFormat.PgDump => "pg_dump", _ => "sql" },
            counters.Statements, counters.Skipped, counters.Rows, counters.Bytes, jobs, counters.Elapsed, dryRun);
}
