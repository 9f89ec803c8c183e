using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Writing;
using PgSnap.Connection;
using PgSnap.Data;
using PgSnap.Model;

namespace PgSnap.Dump;

/// <summary>
/// One dump, start to finish (DESIGN.md §4): the leader opens a REPEATABLE READ, READ ONLY transaction, exports its
/// snapshot and reads the plan; the header and pre-data go out; N data workers on that snapshot copy the tables
/// (big ones split into ctid ranges, largest first) and compress their blocks, which the single writer appends;
/// then sequence values, large objects, post-data, the manifest and the footer. A file appears under its name only
/// when all of that is on disk; any failure deletes the partial file.
/// </summary>
public sealed class DumpJob
{
    /// <summary>Supabase's transaction-mode pooler port: sessions there cannot share a snapshot.</summary>
    public const int TransactionPoolerPort = 6543;

    private readonly ConnectionSpec _spec;
    private readonly DumpOptions _options;
    private readonly DumpOutput _output;
    private readonly DumpPlanSource _planSource;

    public DumpJob(ConnectionSpec spec, DumpOptions options, DumpOutput output, DumpPlanSource planSource)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(planSource);
        _spec = spec;
        _options = options;
        _output = output;
        _planSource = planSource;
    }

    /// <summary>Receives progress events; may be null.</summary>
    public IDumpProgress? Progress { get; init; }

    /// <summary>
    /// Opens the data workers' sessions when <c>-j</c> &gt; 1 (the lean wire client when it is available);
    /// null means Npgsql sessions on the same connection settings.
    /// </summary>
    public ICopyOutSessionFactory? SessionFactory { get; init; }

    /// <summary>Uncompressed size at which data blocks are cut.</summary>
    public int BlockSize { get; init; } = DataExportOptions.DefaultBlockSize;

    /// <summary>Tables at least this big are split into ctid ranges when there are several workers.</summary>
    public long SplitThresholdBytes { get; init; } = TableSlicePlanner.DefaultSplitThresholdBytes;

    public async Task<DumpSummary> RunAsync(CancellationToken cancellationToken)
    {
        Validate();
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        AtomicFileSink? file = null;
        if (_output.Path is not null)
        {
            file = AtomicFileSink.Create(_output.Path, _output.Force);
        }

        await using (file)
        {
            var sink = file?.Stream ?? _output.Stream!;
            await using var dataSource = DataSourceFactory.Create(_spec);
            await using var leader = await DataSourceFactory.OpenAsync(dataSource, _spec, cancellationToken).ConfigureAwait(false);
            DumpSummary summary;
            try
            {
                summary = await DumpAsync(leader, dataSource, sink, started, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException && !cancellationToken.IsCancellationRequested)
            {
                // The leader's connection broke or a catalog query failed; or the output could not be written.
                var what = ex is IOException && ex is not EndOfStreamException ? "writing the archive failed" : "the dump failed";
                throw new PgSnapException(PgSnapErrorKind.Failure, $"{what}: {Describe(ex)}", ex) { SqlState = (ex as PostgresException)?.SqlState };
            }

            if (file is not null)
            {
                await file.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            return summary with { File = file?.FinalPath, Elapsed = clock.Elapsed };
        }
    }

    private async Task<DumpSummary> DumpAsync(NpgsqlConnection leader, NpgsqlDataSource dataSource, Stream sink, DateTimeOffset started, CancellationToken cancellationToken)
    {
        await ExecuteAsync(leader, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(leader, CopyStatements.SessionSetup, cancellationToken).ConfigureAwait(false);
        var snapshot = await ScalarAsync(leader, "SELECT pg_catalog.pg_export_snapshot()", cancellationToken).ConfigureAwait(false);
        var plan = await _planSource(leader, _options, cancellationToken).ConfigureAwait(false);

        long rawBytes = 0, fileBytes = 0, rows = 0;
        var blocks = 0;
        var writer = new ArchiveWriter(sink, _output.Compression, maxWaiting: Math.Max(2, _options.Jobs * 2), onWritten: block =>
        {
            // Runs under the writer's lock: plain arithmetic is safe.
            rawBytes += block.RawLength;
            fileBytes += block.Length;
            rows += block.Rows ?? 0;
            blocks++;
            Progress?.BlockWritten(block.Rows ?? 0, block.RawLength, block.Length);
        });

        var header = new ArchiveHeader
        {
            Tool = "pgsnap " + ToolVersion,
            ServerVersion = leader.PostgreSqlVersion.ToString(),
            Database = leader.Database,
            StartedUtc = started,
            Compression = _output.Compression.ToString(),
            Options = HeaderOptions(),
        };
        var extraSettings = _options.DataOnly && _options.Profile == DumpProfile.Supabase
            ? "SET session_replication_role = replica;\n"
            : string.Empty;
        await writer.AppendHeaderAsync(BlockText.Header(header, extraSettings), cancellationToken).ConfigureAwait(false);
        await AppendDdlAsync(writer, plan.PreData, cancellationToken).ConfigureAwait(false);

        var tables = _options.SchemaOnly ? [] : plan.TableData;
        Progress?.Started(tables.Count, tables.Sum(t => t.SizeBytes), _options.Jobs);
        if (tables.Count > 0)
        {
            await CopyTablesAsync(leader, dataSource, snapshot, tables, writer, cancellationToken).ConfigureAwait(false);
        }

        await AppendDdlAsync(writer, plan.DataDdl, cancellationToken).ConfigureAwait(false);
        if (WantsLargeObjects())
        {
            await LargeObjectExporter.ExportAsync(leader, writer, BlockSize, cancellationToken).ConfigureAwait(false);
        }

        await AppendDdlAsync(writer, plan.PostData, cancellationToken).ConfigureAwait(false);
        var manifest = await writer.FinishAsync(snapshot, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(leader, "COMMIT", cancellationToken).ConfigureAwait(false);
        return new DumpSummary
        {
            Compression = _output.Compression.ToString(),
            Database = header.Database,
            ServerVersion = header.ServerVersion,
            Snapshot = snapshot,
            Jobs = _options.Jobs,
            Tables = manifest.Tables.Count,
            Rows = rows,
            Blocks = blocks + 1,
            RawBytes = rawBytes,
            FileBytes = writer.BytesWritten,
        };
    }

    private async Task CopyTablesAsync(NpgsqlConnection leader, NpgsqlDataSource dataSource, string snapshot, IReadOnlyList<TableDataEntry> tables, ArchiveWriter writer, CancellationToken cancellationToken)
    {
        var dataOptions = new DataExportOptions
        {
            BlockSize = BlockSize,
            DisableTriggers = _options.DataOnly && _options.DisableTriggers,
            Inserts = _options.ColumnInserts ? InsertMode.ColumnValues : _options.Inserts || _options.RowsPerInsert > 1 ? InsertMode.Values : InsertMode.None,
            RowsPerInsert = _options.RowsPerInsert,
            OnConflictDoNothing = _options.OnConflictDoNothing,
            EncodersPerWorker = EncodersPerWorker(_output.Compression, _options.Jobs),
        };
        var withGenerated = dataOptions.Inserts == InsertMode.Values
            ? await TablesWithGeneratedColumnsAsync(leader, tables, cancellationToken).ConfigureAwait(false)
            : [];
        var slices = TableSlicePlanner.Plan(tables, _options.Jobs, SplitThresholdBytes);
        var queue = new ConcurrentQueue<TableSlice>(slices);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        async Task WorkAsync(ICopyOutSession session)
        {
            while (queue.TryDequeue(out var slice))
            {
                failed.Token.ThrowIfCancellationRequested();
                var entry = slice.Table.Entry;
                try
                {
                    if (dataOptions.Inserts == InsertMode.None)
                    {
                        await CopySliceExporter.ExportAsync(session, slice, writer, dataOptions, failed.Token).ConfigureAwait(false);
                    }
                    else
                    {
                        var mode = withGenerated.Contains(entry.Oid) ? dataOptions with { Inserts = InsertMode.ColumnValues } : dataOptions;
                        await InsertSliceExporter.ExportAsync(session, slice, writer, mode, failed.Token).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException && !failed.IsCancellationRequested)
                {
                    throw new PgSnapException(PgSnapErrorKind.Failure, $"copying the rows of {entry.QualifiedName} failed: {Describe(ex)}", ex)
                    {
                        SqlState = (ex as PostgresException)?.SqlState,
                    };
                }

                if (slice.Table.CompleteSlice())
                {
                    Progress?.TableFinished(entry.Schema, entry.Name, slice.Table.Rows);
                }
            }
        }

        var factory = SessionFactory ?? new WireCopyOutSessionFactory(_spec);
        var fallback = new NpgsqlCopyOutSessionFactory(dataSource, _spec);
        var sessions = new List<ICopyOutSession>();
        try
        {
            for (var i = 0; i < Math.Min(_options.Jobs, slices.Count); i++)
            {
                try
                {
                    sessions.Add(await OpenWorkerAsync(factory, fallback, snapshot, cancellationToken).ConfigureAwait(false));
                }
                catch (PgSnapException) when (_options.Jobs == 1)
                {
                    // One worker can always copy on the leader's own transaction (e.g. behind a transaction pooler).
                    sessions.Add(new NpgsqlCopyOutSession(leader, ownsConnection: false));
                }
            }

            var workers = sessions.Select(s => Task.Run(async () =>
            {
                try
                {
                    await WorkAsync(s).ConfigureAwait(false);
                }
                catch
                {
                    await failed.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            }, CancellationToken.None)).ToArray();
            try
            {
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
            catch
            {
                // Report the first real failure, not the cancellations it caused in the other workers.
                var first = workers.Where(w => w.IsFaulted).Select(w => w.Exception!.InnerException!)
                    .OrderBy(e => e is OperationCanceledException ? 1 : 0).FirstOrDefault();
                if (first is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
                }

                throw;
            }
        }
        finally
        {
            foreach (var session in sessions)
            {
                try
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
                {
                    // A worker whose connection broke: the failure is already on its way up.
                }
            }
        }
    }

    /// <summary>Opens a data worker on the leader's snapshot, or explains why sessions cannot share one here.</summary>
    private async Task<ICopyOutSession> OpenWorkerAsync(ICopyOutSessionFactory factory, ICopyOutSessionFactory fallback, string snapshot, CancellationToken cancellationToken)
    {
        ICopyOutSession session;
        try
        {
            session = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PgSnapException ex) when (ex.Kind == PgSnapErrorKind.Connection && factory != fallback)
        {
            // The leader connected through Npgsql; a login the lean client cannot do falls back to Npgsql.
            session = await fallback.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await session.ExecuteAsync("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", cancellationToken).ConfigureAwait(false);
            try
            {
                await session.ExecuteAsync($"SET TRANSACTION SNAPSHOT '{snapshot}'", cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or PgSnapException)
            {
                throw new PgSnapException(
                    PgSnapErrorKind.Usage,
                    $"the data workers cannot share the dump's snapshot ({Describe(ex)}); this happens behind a transaction-mode pooler such as Supabase's port {TransactionPoolerPort}: connect directly or through a session-mode pooler (port 5432), or use -j 1",
                    ex);
            }

            await session.ExecuteAsync(CopyStatements.SessionSetup, cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Compression spreads over the cores the workers leave free (e.g. two encoders at <c>-j 1</c> on two cores);
    /// stored blocks only need a checksum, which one encoder keeps up with.
    /// </summary>
    internal static int EncodersPerWorker(Archive.Compression.CompressionSpec compression, int jobs) =>
        compression.Kind == Archive.ArchiveCompression.None ? 1 : Math.Max(1, Environment.ProcessorCount / Math.Max(1, jobs));

    private static async Task<HashSet<uint>> TablesWithGeneratedColumnsAsync(NpgsqlConnection leader, IReadOnlyList<TableDataEntry> tables, CancellationToken cancellationToken)
    {
        // VALUES without column names would put values into the wrong columns of a table with generated ones:
        // such tables are written with column names.
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT attrelid::pg_catalog.int8 FROM pg_catalog.pg_attribute WHERE attnum > 0 AND NOT attisdropped AND attgenerated <> '' AND attrelid = ANY($1::pg_catalog.int8[]::pg_catalog.oid[])",
            leader);
        command.Parameters.Add(new NpgsqlParameter { Value = tables.Select(t => (long)t.Oid).ToArray() });
        var result = new HashSet<uint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add((uint)reader.GetInt64(0));
        }

        return result;
    }

    private static async Task AppendDdlAsync(ArchiveWriter writer, IReadOnlyList<DdlEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            var info = new BlockInfo(BlockInfo.SectionName(entry.Section), entry.Kind, entry.Schema, entry.Name, entry.Owner);
            await writer.AppendTextBlockAsync(info, entry.Sql, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>pg_dump dumps large objects' content in full dumps only, never with -n/-t or --schema-only.</summary>
    private bool WantsLargeObjects() =>
        !_options.SchemaOnly && !_options.NoLargeObjects && _options.IncludeSchemas.Count == 0 && _options.IncludeTables.Count == 0;

    /// <summary>
    /// Refuses option combinations that cannot work (e.g. -j through a transaction pooler) without connecting,
    /// so callers can check them before any preflight or connection. <see cref="RunAsync"/> checks again.
    /// </summary>
    public void Validate()
    {
        if (_options.SchemaOnly && _options.DataOnly)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "options -s/--schema-only and -a/--data-only cannot be used together");
        }

        if (_options.Jobs < 1)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "-j/--jobs must be at least 1");
        }

        if (_options.RowsPerInsert < 1)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "--rows-per-insert must be at least 1");
        }

        if (_options.OnConflictDoNothing && !_options.Inserts && !_options.ColumnInserts && _options.RowsPerInsert == 1)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "option --on-conflict-do-nothing requires option --inserts, --rows-per-insert, or --column-inserts");
        }

        if (_options.Jobs > 1 && _spec.Port == TransactionPoolerPort)
        {
            throw new PgSnapException(
                PgSnapErrorKind.Usage,
                $"-j {_options.Jobs} needs one snapshot shared by several sessions, which a transaction-mode pooler (port {TransactionPoolerPort}) cannot give: use the session-mode pooler on port 5432 or a direct connection, or -j 1");
        }

        if (_output.Path is null && _output.Stream is null)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "no output: give a file or a stream");
        }
    }

    private IReadOnlyDictionary<string, string> HeaderOptions()
    {
        var o = _options;
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Flag(string name, bool value)
        {
            if (value)
            {
                map[name] = "true";
            }
        }

        void List(string name, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                map[name] = string.Join(',', values);
            }
        }

        Flag("schema_only", o.SchemaOnly);
        Flag("data_only", o.DataOnly);
        List("schemas", o.IncludeSchemas);
        List("exclude_schemas", o.ExcludeSchemas);
        List("tables", o.IncludeTables);
        List("exclude_tables", o.ExcludeTables);
        List("exclude_table_data", o.ExcludeTableData);
        Flag("no_owner", o.NoOwner);
        Flag("no_acl", o.NoAcl);
        Flag("no_comments", o.NoComments);
        Flag("no_large_objects", o.NoLargeObjects);
        Flag("clean", o.Clean);
        Flag("if_exists", o.IfExists);
        Flag("inserts", o.Inserts);
        Flag("column_inserts", o.ColumnInserts);
        Flag("on_conflict_do_nothing", o.OnConflictDoNothing);
        Flag("disable_triggers", o.DisableTriggers);
        if (o.RowsPerInsert != 1)
        {
            map["rows_per_insert"] = o.RowsPerInsert.ToString(CultureInfo.InvariantCulture);
        }

        map["profile"] = o.Profile == DumpProfile.Supabase ? "supabase" : "default";
        map["jobs"] = o.Jobs.ToString(CultureInfo.InvariantCulture);
        return map;
    }

    private static string ToolVersion =>
        typeof(DumpJob).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    private static string Describe(Exception ex) => ex switch
    {
        PostgresException pg => $"{pg.MessageText} (SQLSTATE {pg.SqlState})",
        PgSnapException p => p.Message,
        _ when ex.InnerException is { } inner && ex is NpgsqlException => $"{ex.Message.ReplaceLineEndings(" ")}: {inner.Message.ReplaceLineEndings(" ")}",
        _ => ex.Message.ReplaceLineEndings(" "),
    };

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
