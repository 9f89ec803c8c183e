using Npgsql;
using PgSnap.Archive;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;
using PgSnap.Connection;
using PgSnap.Restore.Execution;
using PgSnap.Restore.Input;
using PgSnap.Sql;

namespace PgSnap.Restore.Parallel;

/// <summary>
/// -j N from a seekable PgSnap archive, driven by its manifest (the order pg_restore uses in RestoreArchive):
/// pre-data in archive order on one connection; then data blocks, indexes and non-FK constraints on N connections
/// as their dependencies clear (<see cref="RestoreSchedule"/>: a table's indexes start as soon as its data is
/// loaded, while other tables still load); then FK constraints (which need those indexes) on one connection, so
/// two of them never lock the same pair of tables in opposite order; then the rest of post-data in archive order.
/// Every connection first replays the header block, so all run with the archive's session settings.
/// </summary>
internal sealed class ParallelRestorer
{
    private readonly ArchiveIndex _index;
    /// <summary>The archive's name in messages (the path, or "stdin" when it was spooled).</summary>
    private readonly string _source;
    private readonly RestoreOptions _options;
    private readonly RestoreCounters _counters;
    private readonly Func<CancellationToken, Task<NpgsqlConnection>> _open;
    /// <summary>The blocks of a selective restore (header included), or null for all of them.</summary>
    private readonly IReadOnlyList<BlockRecord>? _only;

    public ParallelRestorer(ArchiveIndex index, string source, RestoreOptions options, RestoreCounters counters, Func<CancellationToken, Task<NpgsqlConnection>> open,
        IReadOnlyList<BlockRecord>? only = null)
    {
        _only = only;
        _index = index;
        _source = source;
        _options = options;
        _counters = counters;
        _open = open;
    }

    /// <summary>Restores every block (or the chosen ones); <paramref name="main"/> is already open and has replayed nothing yet.</summary>
    public async Task RunAsync(NpgsqlConnection main, CancellationToken cancellationToken)
    {
        var blocks = _only ?? _index.Manifest.Blocks;
        var header = blocks.Where(b => b.Section == ArchiveFormat.Sections.Header).ToList();
        var preData = blocks.Where(b => b.Section == ArchiveFormat.Sections.PreData).ToList();
        var postData = blocks.Where(b => b.Section == ArchiveFormat.Sections.PostData && !RestoreSchedule.Handles(b)).ToList();
        var foreignKeys = postData.Where(b => b.Kind == "FK CONSTRAINT").ToList();
        var rest = postData.Where(b => b.Kind != "FK CONSTRAINT").ToList();
        // A frozen table is loaded by one connection only: its TRUNCATE must come before any of its rows.
        var frozen = FrozenLoads.For(blocks, _options);
        var schedule = new RestoreSchedule(blocks, _options.Jobs, frozen is null ? null : (schema, name) => !frozen.Freezes(schema, name));
        var scheduled = blocks.Count(RestoreSchedule.Handles);

        var workers = new List<NpgsqlConnection> { main };

        // The other workers log in and replay the header while the pre-data runs on the main connection: against a
        // remote server each login (TLS, SCRAM) is several round trips, paid once in parallel instead of N-1 times
        // in a row after the pre-data.
        var extra = Math.Max(0, Math.Min(_options.Jobs, scheduled) - 1);
        var opening = ParallelSessionOpening<NpgsqlConnection>.Start(extra, ct => OpenWorkerAsync(header, ct), cancellationToken);
        try
        {
            // A failure of the pre-data is the one reported: disposing the opening closes the workers that did open.
            await using (opening.ConfigureAwait(false))
            {
                await RunBlocksAsync(main, header, cancellationToken).ConfigureAwait(false);
                await RunBlocksAsync(main, preData, cancellationToken).ConfigureAwait(false);
                workers.AddRange(await opening.AllAsync().ConfigureAwait(false));
            }

            await RunScheduleAsync(workers, schedule, frozen, cancellationToken).ConfigureAwait(false);
            await RunBlocksAsync(main, foreignKeys, cancellationToken).ConfigureAwait(false);
            await RunBlocksAsync(main, rest, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var worker in workers.Skip(1))
            {
                await worker.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>One loop per connection, each asking the schedule for its next block until none is left.</summary>
    private async Task RunScheduleAsync(IReadOnlyList<NpgsqlConnection> connections, RestoreSchedule schedule, FrozenLoads? frozen, CancellationToken cancellationToken)
    {
        var shared = new SharedSchedule(schedule);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = connections.Select((connection, worker) => Task.Run(() => WorkAsync(worker, connection, shared, frozen, failed), CancellationToken.None)).ToList();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch
        {
            var first = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!)
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (first is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            }

            throw;
        }
    }

    /// <summary>One worker: runs the blocks the schedule gives it on <paramref name="connection"/>; a failure stops the others.</summary>
    private async Task WorkAsync(int worker, NpgsqlConnection connection, SharedSchedule schedule, FrozenLoads? frozen, CancellationTokenSource failed)
    {
        // One executor per connection: consecutive blocks of one table go into one server COPY, and those
        // blocks count as done (their table's indexes may start) only once that COPY has ended.
        var executor = new ScriptExecutor(connection, _options, _counters, connectTo: null) { MergeCopies = true, OtherConnections = true, Freeze = frozen };
        var inOpenCopy = new List<BlockRecord>();
        try
        {
            while (schedule.TryNext(worker, out var block, out var changed))
            {
                if (inOpenCopy.Count > 0 && (block is null || !SameTable(block, inOpenCopy[0])))
                {
                    await executor.EndCopyAsync(failed.Token).ConfigureAwait(false);
                    schedule.Complete(inOpenCopy);
                }

                if (block is null)
                {
                    await changed.WaitAsync(failed.Token).ConfigureAwait(false);
                    continue;
                }

                await using (var stream = OpenBlock(block))
                using (var splitter = new SqlScriptSplitter(stream, $"{_source} (block {block.Id})"))
                {
                    await executor.RunAsync(splitter, failed.Token, keepCopyOpen: true).ConfigureAwait(false);
                }

                inOpenCopy.Add(block);
                if (!executor.HasOpenCopy)
                {
                    schedule.Complete(inOpenCopy);
                }
            }
        }
        catch
        {
            // Stop the other workers at their next block; the first error is the one reported.
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A block's text. From object storage the survey did not read the rows (ScriptSurvey.RunAsync), so a data block
    /// is checked against the manifest here, its COPY still open when its last byte is checked.
    /// </summary>
    private Stream OpenBlock(BlockRecord block) =>
        _index.IsRemote && block.Kind == ArchiveFormat.Kinds.TableData
            ? CheckedArchiveStream.OpenBlock(_index, _source, block, CheckedArchiveStream.WhileRestoring)
            : _index.OpenBlock(block);

    private static bool SameTable(BlockRecord a, BlockRecord b) =>
        a.Kind == "TABLE DATA" && b.Kind == "TABLE DATA" && a.Schema == b.Schema && a.Name == b.Name;

    /// <summary>A worker's connection with the header's session settings replayed; closed again if that fails.</summary>
    private async Task<NpgsqlConnection> OpenWorkerAsync(IReadOnlyList<BlockRecord> header, CancellationToken cancellationToken)
    {
        var connection = await _open(cancellationToken).ConfigureAwait(false);
        try
        {
            await RunBlocksAsync(connection, header, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="blocks"/> in order on one connection, their statements sharing round trips across
    /// block boundaries (nothing waits on one of these blocks alone); the last ones are sent before it returns.
    /// </summary>
    private async Task RunBlocksAsync(NpgsqlConnection connection, IReadOnlyList<BlockRecord> blocks, CancellationToken cancellationToken)
    {
        var executor = new ScriptExecutor(connection, _options, _counters, connectTo: null) { OtherConnections = true };
        foreach (var block in blocks)
        {
            await using var stream = _index.OpenBlock(block);
            using var splitter = new SqlScriptSplitter(stream, $"{_source} (block {block.Id})");
            await executor.RunAsync(splitter, cancellationToken, keepBatch: true).ConfigureAwait(false);
        }

        await executor.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
