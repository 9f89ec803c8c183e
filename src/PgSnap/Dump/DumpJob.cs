using System.Diagnostics;
using Npgsql;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Writing;
using PgSnap.Connection;
using PgSnap.Data;
using PgSnap.Model;

namespace PgSnap.Dump;

/// <summary>
/// One dump, start to finish (docs/ARCHITECTURE.md, "dump"): the leader opens a REPEATABLE READ, READ ONLY transaction, exports its
/// snapshot and reads the plan; the header and pre-data go out; N data workers on that snapshot copy the tables
/// (big ones split into ctid ranges, largest first) and compress their blocks, which the single writer appends;
/// then sequence values, large objects, post-data, the manifest and the footer. A file appears under its name only
/// when all of that is on disk; any failure deletes the partial file.
/// </summary>
internal sealed class DumpJob
{
    /// <summary>Supabase's transaction-mode pooler port: sessions there cannot share a snapshot.</summary>
    public const int TransactionPoolerPort = 6543;

    private readonly ConnectionSpec _spec;
    private readonly DumpOptions _options;
    private readonly DumpOutput _output;
    private readonly DumpPlanSource _planSource;
    private readonly DumpSessionSettings _settings;

    /// <summary>The upload's byte count when the output is object storage, reported with each block.</summary>
    private Func<long>? _uploaded;

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
        _settings = DumpSessionSettings.For(options);
    }

    /// <summary>Receives progress events; may be null.</summary>
    public IDumpProgress? Progress { get; init; }

    /// <summary>
    /// Opens the data workers' sessions when <c>-j</c> &gt; 1 (the lean wire client when it is available);
    /// null means Npgsql sessions on the same connection settings.
    /// </summary>
    public ICopyOutSessionFactory? SessionFactory { get; init; }

    /// <summary>
    /// Runs on the leader's connection before the dump's transaction starts (the CLI's preflight checks), so that
    /// the checks and the dump share one login: against a remote server a TLS + SCRAM connection costs several
    /// round trips. Throwing stops the dump before any data is read; the partial file is removed.
    /// </summary>
    public Func<NpgsqlConnection, CancellationToken, Task>? BeforeSnapshot { get; init; }

    /// <summary>Uncompressed size at which data blocks are cut.</summary>
    public int BlockSize { get; init; } = DataExportOptions.DefaultBlockSize;

    /// <summary>Tables at least this big are split into ctid ranges when there are several workers.</summary>
    public long SplitThresholdBytes { get; init; } = TableSlicePlanner.DefaultSplitThresholdBytes;

    public async Task<DumpSummary> RunAsync(CancellationToken cancellationToken)
    {
        Validate();
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        var file = await OpenSinkAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunIntoAsync(file, clock, started, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (file is Storage.S3.S3UploadSink upload && ex is PgSnapException or OperationCanceledException)
        {
            // The upload is aborted now, so that an abort the service refuses is part of the one error line.
            await upload.DisposeAsync().ConfigureAwait(false);
            if (upload.AbortFailure is { } abort && ex is PgSnapException failed)
            {
                throw new PgSnapException(failed.Kind, $"{failed.Message}; {abort}", failed) { SqlState = failed.SqlState };
            }

            throw;
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The named output: an object upload for an s3:// URL (HEAD first: an existing object is refused without
    /// --force), else the atomic file; null for a stream.
    /// </summary>
    private async Task<IArchiveSink?> OpenSinkAsync(CancellationToken cancellationToken)
    {
        if (_output.Path is null)
        {
            return null;
        }

        if (_output.IsRemote)
        {
            var client = Storage.S3.S3Http.FromEnvironment();
            return await Storage.S3.S3UploadSink.CreateAsync(client, Storage.S3.S3Location.Parse(_output.Path), _output.Force, cancellationToken).ConfigureAwait(false);
        }

        if (_output.CreatesFolder)
        {
            PrivateFiles.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_output.Path))!);
        }

        return AtomicFileSink.Create(_output.Path, _output.Force);
    }

    private async Task<DumpSummary> RunIntoAsync(IArchiveSink? file, Stopwatch clock, DateTimeOffset started, CancellationToken cancellationToken)
    {
        {
            var sink = file?.Stream ?? _output.Stream!;
            _uploaded = _output.IsRemote ? () => file!.BytesStored : null;
            await using var dataSource = DataSourceFactory.Create(_spec);
            await using var leader = await DataSourceFactory.OpenAsync(dataSource, _spec, cancellationToken).ConfigureAwait(false);

            // Workers import the leader's snapshot, so they must reach the server the leader settled on among several.
            var workers = ConnectionTargets.PinTo(_spec, leader.Host, leader.Port);
            await using var workerSource = ReferenceEquals(workers, _spec) ? null : DataSourceFactory.Create(workers);
            await TransactionPoolerCheck.ThrowIfTransactionPoolerAsync(leader, workerSource ?? dataSource, workers, cancellationToken).ConfigureAwait(false);
            await _settings.ApplyAsync(leader, cancellationToken).ConfigureAwait(false);
            if (BeforeSnapshot is not null)
            {
                await BeforeSnapshot(leader, cancellationToken).ConfigureAwait(false);
            }

            DumpSummary summary;
            try
            {
                summary = await DumpAsync(leader, workerSource ?? dataSource, workers, sink, started, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException && !cancellationToken.IsCancellationRequested)
            {
                // The leader's connection broke or a catalog query failed; or the output could not be written.
                var what = ex is IOException && ex is not EndOfStreamException ? "writing the archive failed" : "the dump failed";
                throw new PgSnapException(PgSnapErrorKind.Failure, $"{what}: {DumpFailure.Describe(ex)}", ex) { SqlState = (ex as PostgresException)?.SqlState };
            }

            if (file is not null)
            {
                await file.CommitAsync(cancellationToken, sync: !_options.NoSync).ConfigureAwait(false);
            }
            else
            {
                await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            return summary with { File = file?.FinalPath, Elapsed = clock.Elapsed, UploadedBytes = _output.IsRemote ? file!.BytesStored : null };
        }
    }

    /// <summary>
    /// Opens the leader's transaction and returns the snapshot the workers import: one it exports, or the one
    /// --snapshot names (then the leader imports it too, so catalog and rows are of that moment).
    /// </summary>
    private async Task<string> BeginSnapshotAsync(NpgsqlConnection leader, CancellationToken cancellationToken)
    {
        if (_options.Snapshot is { } given)
        {
            await leader.ExecuteStatementAsync("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", cancellationToken).ConfigureAwait(false);
            await leader.ExecuteStatementAsync($"SET TRANSACTION SNAPSHOT {Ddl.Quoting.Literal(given)}", cancellationToken).ConfigureAwait(false);
            return given;
        }

        // Workers import it under REPEATABLE READ, as pg_dump's do: a serializable snapshot may be imported there.
        var isolation = _options.SerializableDeferrable ? "SERIALIZABLE, READ ONLY, DEFERRABLE" : "REPEATABLE READ, READ ONLY";
        // One round trip: the transaction and its snapshot's name.
        await using var batch = new NpgsqlBatch(leader)
        {
            BatchCommands = { new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL " + isolation), new NpgsqlBatchCommand("SELECT pg_catalog.pg_export_snapshot()") },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        do
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return reader.GetString(0);
            }
        }
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
        throw new InvalidOperationException("pg_export_snapshot() returned no row");
    }

    private async Task<DumpSummary> DumpAsync(NpgsqlConnection leader, NpgsqlDataSource dataSource, ConnectionSpec workers, Stream sink, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var snapshot = await BeginSnapshotAsync(leader, cancellationToken).ConfigureAwait(false);
        PhaseClock.Mark("connect and snapshot");
        var copier = new TableDataCopier(workers, _options, _output.Compression, _settings)
        {
            Progress = Progress,
            SessionFactory = SessionFactory,
            BlockSize = BlockSize,
            SplitThresholdBytes = SplitThresholdBytes,
        };

        // The data workers log in while the catalog is read (a schema-only dump copies few tables, if any).
        await using var startedWorkers = _options.SchemaOnly ? null : copier.StartWorkers(leader, dataSource, snapshot, cancellationToken);
        var plan = await _planSource(leader, _options, SiblingOpener(dataSource, workers, snapshot), cancellationToken).ContinueOnFreshStackAsync().ConfigureAwait(false);
        PhaseClock.Mark("plan");

        long rawBytes = 0, fileBytes = 0, rows = 0;
        var blocks = 0;
        var writer = new ArchiveWriter(sink, _output.Compression, maxWaiting: Math.Max(2, _options.Jobs * 2), onWritten: block =>
        {
            // Runs under the writer's lock: plain arithmetic is safe.
            rawBytes += block.RawLength;
            fileBytes += block.Length;
            rows += block.Rows;
            blocks += block.EndsBlock ? 1 : 0;
            Progress?.BlockWritten(block.Rows, block.RawLength, block.Length);
            if (_uploaded is not null)
            {
                Progress?.Uploaded(_uploaded());
            }
        });

        var header = Header(leader, started, plan);
        var extraSettings = HeaderSettings();
        await writer.AppendHeaderAsync(BlockText.Header(header, extraSettings), cancellationToken).ConfigureAwait(false);
        await AppendDdlAsync(writer, plan.PreData, cancellationToken).ConfigureAwait(false);
        PhaseClock.Mark("pre-data written");

        // Written text is not kept: with thousands of tables the pre-data's SQL is tens of MB that the data phase
        // and the manifest would otherwise carry to the end (README, "5,000 tables"). Same for post-data below.
        plan = plan with { PreData = [] };

        // pg_dump counts the user rows of extension configuration tables as schema: a schema-only dump has them too.
        var tables = _options.SchemaOnly ? [.. plan.TableData.Where(t => t.IsExtensionConfiguration)] : plan.TableData;
        Progress?.Started(tables.Count, tables.Sum(t => t.SizeBytes), _options.Jobs);
        if (tables.Count > 0)
        {
            await copier.CopyAsync(leader, dataSource, snapshot, tables, writer, cancellationToken, startedWorkers).ConfigureAwait(false);
        }

        PhaseClock.Mark("table data");
        await AppendDdlAsync(writer, plan.DataDdl, cancellationToken).ConfigureAwait(false);
        if (WantsLargeObjects())
        {
            await LargeObjectExporter.ExportAsync(leader, writer, BlockSize, cancellationToken).ConfigureAwait(false);
        }

        await AppendDdlAsync(writer, plan.PostData, cancellationToken).ConfigureAwait(false);
        plan = plan with { PostData = [], DataDdl = [] };
        PhaseClock.Mark("post-data written");
        var manifest = await writer.FinishAsync(snapshot, cancellationToken, plan.Objects).ConfigureAwait(false);
        PhaseClock.Mark("manifest and footer");
        await leader.ExecuteStatementAsync("COMMIT", cancellationToken).ConfigureAwait(false);
        return new DumpSummary
        {
            Compression = _output.Compression.ToString(),
            Database = header.Database,
            ServerVersion = header.ServerVersion,
            Snapshot = snapshot,
            Jobs = _options.Jobs,
            Tables = manifest.Tables.Count,
            TablesDefined = manifest.Blocks.Count(static b => b.Kind == "TABLE"),
            Rows = rows,
            Blocks = blocks + 1,
            RawBytes = rawBytes,
            FileBytes = writer.BytesWritten,
        };
    }

    /// <summary>
    /// Opens a catalog-reading session on the leader's snapshot with the leader's settings, on the server the
    /// workers are pinned to (the planner's parallel reads).
    /// </summary>
    private SnapshotSessionOpener SiblingOpener(NpgsqlDataSource dataSource, ConnectionSpec spec, string snapshot) => async ct =>
    {
        var connection = await DataSourceFactory.OpenAsync(dataSource, spec, ct).ConfigureAwait(false);
        try
        {
            // The data workers' setup; a failed import keeps the server's error, on which the planner reads on the leader.
            var session = new NpgsqlCopyOutSession(connection, ownsConnection: false);
            await SnapshotJoin.ApplyAsync(session, snapshot, _settings, connection.PostgreSqlVersion.Major, ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    };

    /// <summary>The archive's header: who wrote it, from which server, with which options and warnings.</summary>
    private ArchiveHeader Header(NpgsqlConnection leader, DateTimeOffset started, DumpPlan plan) => new()
    {
        Tool = "pgsnap " + ToolVersion,
        ServerVersion = leader.PostgreSqlVersion.ToString(),
        Database = leader.Database,
        StartedUtc = started,
        Compression = _output.Compression.ToString(),
        Options = DumpHeaderOptions.From(_options),
        Warnings = _options.EnableRowSecurity
            ? [$"dumped with --enable-row-security as role {leader.UserName}: tables with row-level security hold only the rows that role could see"]
            : null,
        Uncovered = plan.Uncovered.Count > 0 ? plan.Uncovered : null,
    };

    /// <summary>
    /// Session settings the header block adds to the standard ones. Supabase's restore recipe loads data with
    /// replication-role triggers off: the fresh project's platform triggers and foreign keys (storage, auth) must not
    /// fire while its rows are loaded in table order.
    /// </summary>
    private string HeaderSettings() => !_options.SchemaOnly && _options.Profile == DumpProfile.Supabase
        ? "SET session_replication_role = replica;\n"
        : string.Empty;

    private static async Task AppendDdlAsync(ArchiveWriter writer, IReadOnlyList<DdlEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            var table = entry.Table is not null && entry.Schema is not null ? new BlockTable { Schema = entry.Schema, Name = entry.Table } : null;
            var info = new BlockInfo(BlockInfo.SectionName(entry.Section), entry.Kind, entry.Schema, entry.Name, entry.Owner, Table: table);
            await writer.AppendTextBlockAsync(info, entry.Sql, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>pg_dump dumps large objects' content in full dumps only, never with -n/-t/-e or --schema-only.</summary>
    private bool WantsLargeObjects() =>
        !_options.SchemaOnly && !_options.NoLargeObjects && _options.IncludesEverything;

    /// <summary>
    /// Refuses option combinations that cannot work (e.g. -j through a transaction pooler) without connecting,
    /// so callers can check them before any preflight or connection. <see cref="RunAsync"/> checks again.
    /// </summary>
    public void Validate()
    {
        _options.Validate();
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

    private static string ToolVersion =>
        typeof(DumpJob).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";


    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
