using Npgsql;
using PgSnap.Archive.Reading;
using PgSnap.Connection;
using PgSnap.Preflight;
using PgSnap.Restore.Execution;
using PgSnap.Restore.Parallel;
using PgSnap.Restore.Safety;
using PgSnap.Restore.Selection;
using PgSnap.Restore.Splitting;
using PgSnap.Safety;

namespace PgSnap.Restore;

/// <summary>
/// <c>pgsnap restore</c>: reader → splitter → executor, with the safety rules of docs/ARCHITECTURE.md, "restore". Order of work:
/// spool stdin to a temporary file (so a pipe gets the same checks as a file) → survey the file (refuse forbidden
/// meta-commands, collect roles and objects) → connect →
/// refuse a non-empty target (unless --clean / --force) and missing roles (unless --no-owner / --no-acl) →
/// BEGIN with -1 → --clean drops → replay (sequentially, or -j N from the manifest) → completion check → COMMIT →
/// one synchronous commit (sessions run with synchronous_commit off until then).
/// </summary>
public static class RestoreEngine
{
    /// <summary>Restores <paramref name="input"/> (a path or "-") into the database of <paramref name="spec"/>.</summary>
    public static async Task<RestoreSummary> RunAsync(string input, Func<Stream> stdin, ConnectionSpec? spec, RestoreOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdin);
        if (options.Jobs < 1)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "-j/--jobs must be at least 1");
        }

        if (options.Jobs > 1 && options.SingleTransaction)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "-j and --single-transaction cannot be used together");
        }

        if (options.SingleTransaction && options.NoSingleTransaction)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "--single-transaction and --no-single-transaction contradict each other");
        }

        if (options.Clean && input == "-" && options.DryRun)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "--clean --dry-run needs a file, not stdin: the objects to drop are read before the restore starts");
        }

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
        using var index = source.IsFile && File.Exists(source.ReadPath) ? await ArchiveIndex.TryOpenAsync(source.ReadPath, cancellationToken).ConfigureAwait(false) : null;
        var selection = options.Selection is { IsActive: true } ? options.Selection : null;
        if (options.List && index is null)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage,
                "restore -l needs a complete PgSnap archive (its ids come from the manifest); `pgsnap list FILE` prints a pg_dump file's entries");
        }

        if (selection is not null && index is null && !source.IsFile)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "a selective --dry-run of stdin needs a file: the entries are read before anything is listed");
        }

        var selected = index is null ? null : selection?.Select(index);
        if (options.List)
        {
            foreach (var line in TocListing.Lines(source.Name, selected ?? index!.Manifest.Blocks))
            {
                options.DryRunOutput?.WriteLine(line);
            }

            return Summarize(input, ScriptFormat.PgSnap, new RestoreCounters(null, null), 1, dryRun: true);
        }

        var survey = source.IsFile ? await ScriptSurvey.RunAsync(source, index, selected, cancellationToken).ConfigureAwait(false) : null;
        // A pg_dump plain file has no manifest: its entries are chosen as the statements go by, from the survey's view of them.
        var plain = selection is not null && index is null ? new PlainEntrySelection(selection, survey!) : null;
        if (plain is not null)
        {
            survey = survey!.Narrow(plain.Includes);
        }
        if (options.Jobs > 1 && index is null)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage,
                "-j needs a complete PgSnap archive (with its manifest and completion marker); restore pg_dump files and incomplete archives with -j 1");
        }

        var sourceVersion = await ReadSourceVersionAsync(source, index, cancellationToken).ConfigureAwait(false);
        var counters = new RestoreCounters(options.Progress, source.TotalBytes(index));

        if (options.DryRun)
        {
            foreach (var drop in options.Clean ? CleanPlan.Describe(survey!.Entries, survey.LargeObjects) : [])
            {
                options.DryRunOutput?.WriteLine($"(clean) {drop}");
            }

            if (selected is not null)
            {
                await using var chosen = CheckedArchiveStream.Open(index!, source.Name, selected);
                using var chosenSplitter = new SqlScriptSplitter(chosen, source.Name);
                await new ScriptExecutor(null, options, counters, connectTo: null).RunAsync(chosenSplitter, cancellationToken).ConfigureAwait(false);
                return Summarize(input, ScriptFormat.PgSnap, counters, 1, dryRun: true);
            }

            var dry = await RunSequentialAsync(source, null, options, counters, null, mergeCopies: false, plain, cancellationToken).ConfigureAwait(false);
            return Summarize(input, dry.Format, counters, 1, dryRun: true);
        }

        if (spec is null)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "no target database: pass --url (or -d)");
        }

        if (!options.Create)
        {
            return await RestoreIntoAsync(input, source, index, selected, plain, survey, sourceVersion, counters, spec, options, cancellationToken).ConfigureAwait(false);
        }

        if (options.Clean || options.Force)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "-C/--create makes a new database: --clean and --force are for restoring over an existing one");
        }

        await TargetDatabase.CreateAsync(spec, "pgsnap restore", cancellationToken).ConfigureAwait(false);
        try
        {
            return await RestoreIntoAsync(input, source, index, selected, plain, survey, sourceVersion, counters, spec, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The database did not exist before this restore: a failed one leaves nothing behind.
            await TargetDatabase.DropAsync(spec, "pgsnap restore", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<RestoreSummary> RestoreIntoAsync(
        string input, RestoreSource source, ArchiveIndex? index, IReadOnlyList<PgSnap.Archive.Manifest.BlockRecord>? selected, PlainEntrySelection? plain, ScriptSurvey? survey,
        string? sourceVersion, RestoreCounters counters, ConnectionSpec spec, RestoreOptions options, CancellationToken cancellationToken)
    {
        var dataSources = new List<NpgsqlDataSource>();
        try
        {
            async Task<NpgsqlConnection> OpenAsync(ConnectionSpec target, CancellationToken ct)
            {
                var dataSource = DataSourceFactory.Create(target, "pgsnap restore");
                lock (dataSources)
                {
                    dataSources.Add(dataSource);
                }

                var opened = await DataSourceFactory.OpenAsync(dataSource, target, ct).ConfigureAwait(false);
                try
                {
                    // Each statement of a restore commits on its own (as with psql); waiting for a WAL flush at every
                    // one of them buys nothing, since durability is only promised once the whole restore has
                    // finished, and then the final synchronous commit below flushes everything written before it.
                    await ExecuteAsync(opened, "SET synchronous_commit = off", ct).ConfigureAwait(false);
                    if (options.Role is { } role)
                    {
                        // pg_restore --role: what the restore creates is owned by, and checked against, that role.
                        await ExecuteAsync(opened, "SET ROLE \"" + role.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", ct).ConfigureAwait(false);
                    }
                }
                catch
                {
                    await opened.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                return opened;
            }

            var connection = await OpenAsync(spec, cancellationToken).ConfigureAwait(false);
            var targetMajor = connection.PostgreSqlVersion.Major;
            try
            {
                RestoreVersionGuard.ThrowIfRefused(sourceVersion, targetMajor, options.AllowDowngrade);
                var userObjects = await DatabaseContents.ListUserObjectsAsync(connection, cancellationToken).ConfigureAwait(false);
                var dataOnly = survey is { IsDataOnly: true } && !options.Clean;
                CleanPlan? plan = null;
                if (dataOnly)
                {
                    // A data-only archive's natural target holds the schema with empty tables: no --force needed.
                    await DataOnlyTarget.EnsureReadyAsync(connection, survey!.DataTables, options.Force, cancellationToken).ConfigureAwait(false);
                }
                else if (!options.Force && !options.Clean && (selected is not null || plain is not null) && survey is not null && userObjects.Count > 0)
                {
                    // A selective restore adds to a database that holds the rest (one table back into its schema):
                    // only the chosen objects the target already holds are in the way.
                    plan = await CleanPlan.BuildAsync(connection, survey.Entries, survey.LargeObjects, cancellationToken).ConfigureAwait(false);
                    TargetInspector.EnsureEmpty(connection, [.. userObjects.Where(o => plan.Holds(o.ClassId, o.ObjId))], "of the selected objects");
                }
                else if (!options.Force && !options.Clean)
                {
                    TargetInspector.EnsureEmpty(connection, userObjects, null);
                }

                if (survey is not null)
                {
                    var roles = new HashSet<string>(StringComparer.Ordinal);
                    if (!options.NoOwner)
                    {
                        roles.UnionWith(survey.OwnerRoles);
                    }

                    if (!options.NoAcl)
                    {
                        roles.UnionWith(survey.AclRoles);
                    }

                    // Roles the script creates itself (pgsnap roles, dump --roles) need not exist beforehand.
                    roles.ExceptWith(survey.Entries.Where(static e => e.Kind == "ROLE").Select(static e => e.Name));
                    await TargetInspector.EnsureRolesExistAsync(connection, roles,
                        "create them first, or restore with --no-owner / --no-acl", cancellationToken).ConfigureAwait(false);
                }

                var warnings = new List<string>();
                if (selected is not null)
                {
                    selected = await DanglingForeignKeys.LeaveOutAsync(connection, index!, selected, warnings, cancellationToken).ConfigureAwait(false);
                }

                // Over a target that holds user objects, a failure half way must leave it as it was: one transaction,
                // unless the caller opts out (very large restores, -j).
                if (userObjects.Count > 0 && !options.SingleTransaction && !options.NoSingleTransaction)
                {
                    if (options.Jobs > 1)
                    {
                        throw new PgSnapException(PgSnapErrorKind.Usage,
                            $"target database \"{connection.Database}\" holds user objects, so this restore runs in one transaction, which -j cannot do: pass --no-single-transaction to accept a half-restored target if it fails, or restore with -j 1");
                    }

                    options = options with { SingleTransaction = true };
                }

                if (options.SingleTransaction)
                {
                    await ExecuteAsync(connection, "BEGIN", cancellationToken).ConfigureAwait(false);
                }

                IReadOnlyList<string> leftInPlace = [];
                if (survey is not null && userObjects.Count > 0)
                {
                    plan ??= await CleanPlan.BuildAsync(connection, survey.Entries, survey.LargeObjects, cancellationToken).ConfigureAwait(false);
                    // What a selective restore did not choose is not "left in place": the user left it out.
                    leftInPlace = selected is not null || plain is not null ? [] : [.. userObjects.Where(o => !plan.Holds(o.ClassId, o.ObjId)).Select(static o => o.Description)];
                    if (options.Clean)
                    {
                        await CleanAsync(connection, plan, ownTransaction: !options.SingleTransaction, cancellationToken).ConfigureAwait(false);
                    }
                }

                var format = ScriptFormat.PgSnap;
                if (index is not null && options.Jobs > 1)
                {
                    // With a selection, only the chosen blocks are scheduled (and read).
                    var parallel = new ParallelRestorer(index, source.Name, options, counters, ct => OpenAsync(spec, ct), selected);
                    await parallel.RunAsync(connection, cancellationToken).ConfigureAwait(false);
                }
                else if (selected is not null)
                {
                    // Only the chosen blocks are read (each checked against the manifest again as it goes by).
                    await using var text = CheckedArchiveStream.Open(index!, source.Name, selected);
                    using var splitter = new SqlScriptSplitter(text, source.Name);
                    var executor = new ScriptExecutor(connection, options, counters, connectTo: null);
                    await executor.RunAsync(splitter, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var result = await RunSequentialAsync(source, connection, options, counters,
                        (db, ct) => OpenAsync(spec with { Database = db }, ct), mergeCopies: index is not null, plain, cancellationToken).ConfigureAwait(false);
                    connection = result.Connection!;
                    format = result.Format;
                }

                if (options.SingleTransaction)
                {
                    await ExecuteAsync(connection, "COMMIT", cancellationToken).ConfigureAwait(false);
                }

                // A synchronous commit waits for the WAL to be flushed up to its own record, which comes after every
                // asynchronous commit of this restore on any connection: once it returns, the restore is durable.
                await ExecuteAsync(connection, "SET synchronous_commit = on; SELECT pg_catalog.txid_current()", cancellationToken).ConfigureAwait(false);

                counters.MaybeReport(force: true);
                return Summarize(input, format, counters, index is not null && options.Jobs > 1 ? options.Jobs : 1, dryRun: false) with { LeftInPlace = leftInPlace, Warnings = warnings, ArchiveBytesRead = selected is null ? null : index!.BytesRead };
            }
            catch (PgSnapException ex) when (ex.Kind == PgSnapErrorKind.RestoreFailed && RestoreVersionGuard.MajorOf(sourceVersion) > targetMajor)
            {
                throw RestoreVersionGuard.Explain(ex, sourceVersion, targetMajor);
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<(ScriptFormat Format, NpgsqlConnection? Connection)> RunSequentialAsync(
        RestoreSource source, NpgsqlConnection? connection, RestoreOptions options, RestoreCounters counters,
        Func<string, CancellationToken, Task<NpgsqlConnection>>? connectTo, bool mergeCopies, PlainEntrySelection? only, CancellationToken cancellationToken)
    {
        await using var archive = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var splitter = new SqlScriptSplitter(archive.Text, archive.Source);
        // A complete PgSnap archive writes a big table as many consecutive blocks: one server COPY takes them all.
        var executor = new ScriptExecutor(connection, options, counters, connectTo) { MergeCopies = mergeCopies, Only = only };
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
            await ExecuteAsync(connection, "BEGIN", cancellationToken).ConfigureAwait(false);
        }

        var before = await CleanGuard.SnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "SAVEPOINT pgsnap_clean", cancellationToken).ConfigureAwait(false);
        foreach (var drop in plan.Drops)
        {
            try
            {
                await ExecuteAsync(connection, drop, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException)
            {
                throw ScriptExecutor.Failure(ex, "--clean", 0, drop);
            }
        }

        var after = await CleanGuard.SnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        await before.EnsureKeptAsync(after, plan, connection, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, ownTransaction ? "COMMIT" : "RELEASE SAVEPOINT pgsnap_clean", cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The dumped server's version: from an archive's header block (through the manifest), else the file's first lines.</summary>
    private static async Task<string?> ReadSourceVersionAsync(RestoreSource source, ArchiveIndex? index, CancellationToken cancellationToken)
    {
        if (index?.Manifest.Blocks.FirstOrDefault(static b => b.Section == "header") is { } header)
        {
            await using var text = index.OpenBlock(header);
            return await RestoreVersionGuard.ReadSourceVersionAsync(text, cancellationToken).ConfigureAwait(false);
        }

        return source.IsFile ? await RestoreVersionGuard.ReadSourceVersionAsync(source.ReadPath, cancellationToken).ConfigureAwait(false) : null;
    }

    private static RestoreSummary Summarize(string input, ScriptFormat format, RestoreCounters counters, int jobs, bool dryRun) =>
        new(input == "-" ? "stdin" : input,
            format switch { ScriptFormat.PgSnap => "pgsnap", ScriptFormat.PgDump => "pg_dump", _ => "sql" },
            counters.Statements, counters.Skipped, counters.Rows, counters.Bytes, jobs, counters.Elapsed, dryRun);
}
