using System.Collections.Concurrent;
using Npgsql;
using PgSnap.Archive;
using PgSnap.Archive.Compression;
using PgSnap.Archive.Writing;
using PgSnap.Connection;
using PgSnap.Data;
using PgSnap.Data.Wire;
using PgSnap.Model;

namespace PgSnap.Dump;

/// <summary>
/// The data phase of a dump: plans the slices (big tables split into ctid ranges, largest first), opens the
/// workers' sessions on the leader's exported snapshot, and runs them until every slice is in the archive.
/// The first real failure stops the others and is the one reported.
/// </summary>
internal sealed class TableDataCopier(ConnectionSpec spec, DumpOptions options, CompressionSpec compression, DumpSessionSettings settings)
{
    private readonly ConnectionSpec _spec = spec;
    private readonly DumpOptions _options = options;

    public IDumpProgress? Progress { get; init; }

    /// <summary>Opens the data workers' sessions; null means the lean wire client.</summary>
    public ICopyOutSessionFactory? SessionFactory { get; init; }

    public int BlockSize { get; init; } = DataExportOptions.DefaultBlockSize;

    public long SplitThresholdBytes { get; init; } = TableSlicePlanner.DefaultSplitThresholdBytes;

    public async Task CopyAsync(NpgsqlConnection leader, NpgsqlDataSource dataSource, string snapshot, IReadOnlyList<TableDataEntry> tables, ArchiveWriter writer, CancellationToken cancellationToken)
    {
        var dataOptions = ExportOptions();
        var withGenerated = dataOptions.Inserts == InsertMode.Values
            ? await TablesWithGeneratedColumnsAsync(leader, tables, cancellationToken).ConfigureAwait(false)
            : [];
        var slices = TableSlicePlanner.Plan(tables, _options.Jobs, SplitThresholdBytes);
        var queue = new ConcurrentQueue<TableSlice>(slices);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var copier = new SliceCopier(writer, dataOptions, withGenerated, failed, Progress);
        var sessions = new List<ICopyOutSession>();
        var onLeader = false;
        try
        {
            onLeader = await OpenWorkersAsync(leader, dataSource, snapshot, Math.Min(_options.Jobs, slices.Count), sessions, cancellationToken).ConfigureAwait(false);
            var workers = sessions.Select(s => Task.Run(async () =>
            {
                try
                {
                    await copier.WorkAsync(s, queue, onLeader).ConfigureAwait(false);
                }
                catch
                {
                    await failed.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            }, CancellationToken.None)).ToArray();
            await WhenAllReportingTheFirstFailureAsync(workers).ConfigureAwait(false);
            if (!copier.ForLeader.IsEmpty)
            {
                await using var leaderSession = new NpgsqlCopyOutSession(leader, ownsConnection: false);
                await copier.WorkAsync(leaderSession, copier.ForLeader, holdsLeaderLocks: true).ConfigureAwait(false);
            }
        }
        finally
        {
            await SessionClosing.CloseAllAsync(sessions).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Opens <paramref name="count"/> data workers on the leader's snapshot into <paramref name="sessions"/>, all
    /// logging in at once (against a remote server each login and snapshot import is several round trips). When
    /// one fails, the others are closed and its failure is thrown; the caller disposes what it was given.
    /// </summary>
    /// <returns>True when the one worker of -j 1 had to copy on the leader's own session.</returns>
    private async Task<bool> OpenWorkersAsync(NpgsqlConnection leader, NpgsqlDataSource dataSource, string snapshot, int count, List<ICopyOutSession> sessions, CancellationToken cancellationToken)
    {
        var factory = SessionFactory ?? new WireCopyOutSessionFactory(_spec);
        var fallback = new NpgsqlCopyOutSessionFactory(dataSource, _spec);
        var opening = ParallelSessionOpening<ICopyOutSession>.Start(
            count, ct => OpenWorkerAsync(factory, fallback, snapshot, leader.PostgreSqlVersion.Major, ct), cancellationToken);
        try
        {
            sessions.AddRange(await opening.AllAsync().ConfigureAwait(false));
            return false;
        }
        catch (PgSnapException) when (_options.Jobs == 1)
        {
            // One worker can always copy on the leader's own transaction (e.g. behind a transaction pooler);
            // the leader has the session settings since it opened.
            sessions.Add(new NpgsqlCopyOutSession(leader, ownsConnection: false));
            return true;
        }
    }

    private DataExportOptions ExportOptions() => new()
    {
        BlockSize = BlockSize,
        DisableTriggers = _options.DataOnly && _options.DisableTriggers,
        Inserts = _options.ColumnInserts ? InsertMode.ColumnValues : _options.Inserts || _options.RowsPerInsert > 1 ? InsertMode.Values : InsertMode.None,
        RowsPerInsert = _options.RowsPerInsert,
        OnConflictDoNothing = _options.OnConflictDoNothing,
        EncodersPerWorker = EncodersPerWorker(compression, _options.Jobs),
    };

    /// <summary>Waits for every worker; when some failed, throws the first real failure, not the cancellations it caused in the others.</summary>
    private static async Task WhenAllReportingTheFirstFailureAsync(Task[] workers)
    {
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch
        {
            var first = workers.Where(w => w.IsFaulted).Select(w => w.Exception!.InnerException!)
                .OrderBy(e => e is OperationCanceledException ? 1 : 0).FirstOrDefault();
            if (first is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
            }

            throw;
        }
    }

    /// <summary>Opens a data worker on the leader's snapshot, or explains why sessions cannot share one here.</summary>
    private async Task<ICopyOutSession> OpenWorkerAsync(ICopyOutSessionFactory factory, ICopyOutSessionFactory fallback, string snapshot, int serverMajor, CancellationToken cancellationToken)
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
            await SnapshotJoin.ApplyAsync(session, snapshot, settings, serverMajor, cancellationToken, CannotShareSnapshot).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Why a worker could not import the leader's snapshot, and what to do instead.</summary>
    private static PgSnapException CannotShareSnapshot(Exception ex) => new(
        PgSnapErrorKind.Usage,
        $"the data workers cannot share the dump's snapshot ({DumpFailure.Describe(ex)}); this happens behind a transaction-mode pooler such as Supabase's port {DumpJob.TransactionPoolerPort}: connect directly or through a session-mode pooler (port 5432), or use -j 1",
        ex);

    /// <summary>
    /// Compression spreads over the cores the workers leave free (e.g. two encoders at <c>-j 1</c> on two cores);
    /// stored blocks only need a checksum, which one encoder keeps up with.
    /// </summary>
    internal static int EncodersPerWorker(CompressionSpec compression, int jobs) =>
        compression.Kind == ArchiveCompression.None ? 1 : Math.Max(1, Environment.ProcessorCount / Math.Max(1, jobs));

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
}
