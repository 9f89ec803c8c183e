using System.Collections.Concurrent;
using Npgsql;
using PgSnap.Archive.Writing;
using PgSnap.Data;

namespace PgSnap.Dump;

/// <summary>
/// What each data worker of one dump does (<see cref="TableDataCopier"/>): takes batches of slices from a queue,
/// locks their tables, and copies each slice into the archive, as COPY (small tables' statements sent ahead in
/// windows) or as INSERTs. Slices of tables a worker could not lock at once go to <see cref="ForLeader"/>.
/// </summary>
internal sealed class SliceCopier(ArchiveWriter writer, DataExportOptions dataOptions, HashSet<uint> withGenerated, CancellationTokenSource failed, IDumpProgress? progress)
{
    /// <summary>Slices of tables a worker could not lock at once (WorkerTableLock): the leader copies them at the end.</summary>
    public ConcurrentQueue<TableSlice> ForLeader { get; } = new();

    /// <summary>Copies every slice of <paramref name="work"/> on <paramref name="session"/>.</summary>
    /// <param name="holdsLeaderLocks">The session is the leader's, whose locks cover every table already.</param>
    public async Task WorkAsync(ICopyOutSession session, ConcurrentQueue<TableSlice> work, bool holdsLeaderLocks)
    {
        var locked = new HashSet<uint>();
        var batch = new List<TableSlice>(SmallTableBatch.MaxTables);
        while (SmallTableBatch.TryTake(work, batch))
        {
            failed.Token.ThrowIfCancellationRequested();
            var ready = holdsLeaderLocks ? batch : await LockAsync(session, batch, locked).ConfigureAwait(false);
            var statements = dataOptions.Inserts == InsertMode.None ? ready.Select(CopyStatements.CopyOut).ToList() : null;
            for (var i = 0; i < ready.Count; i++)
            {
                failed.Token.ThrowIfCancellationRequested();
                var slice = ready[i];
                await CopySliceAsync(session, ready, statements, i).ConfigureAwait(false);
                if (slice.Table.CompleteSlice())
                {
                    progress?.TableFinished(slice.Table.Entry.Schema, slice.Table.Entry.Name, slice.Table.Rows);
                }
            }
        }
    }

    /// <summary>Copies the <paramref name="i"/>th slice of the batch; a failure names its table.</summary>
    /// <param name="statements">The batch's COPY statements, or null for INSERTs.</param>
    private async Task CopySliceAsync(ICopyOutSession session, List<TableSlice> ready, List<string>? statements, int i)
    {
        var slice = ready[i];
        var entry = slice.Table.Entry;
        try
        {
            if (statements is not null)
            {
                if (i % SmallTableBatch.SendAheadWindow == 0 && ready.Count > 1)
                {
                    // Each window of small tables' COPYs goes out at once: the server runs them back
                    // to back while the client reads, one round trip per window instead of per table.
                    var window = statements.GetRange(i, Math.Min(SmallTableBatch.SendAheadWindow, ready.Count - i));
                    await session.SendAheadAsync(window, failed.Token).ConfigureAwait(false);
                }

                await CopySliceExporter.ExportAsync(session, slice, statements[i], writer, dataOptions, failed.Token).ConfigureAwait(false);
            }
            else
            {
                var mode = withGenerated.Contains(entry.Oid) ? dataOptions with { Inserts = InsertMode.ColumnValues } : dataOptions;
                await InsertSliceExporter.ExportAsync(session, slice, writer, mode, failed.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException && !failed.IsCancellationRequested)
        {
            throw new PgSnapException(PgSnapErrorKind.Failure, $"copying the rows of {entry.QualifiedName} failed: {DumpFailure.Describe(ex)}", ex)
            {
                SqlState = (ex as PostgresException)?.SqlState,
            };
        }
    }

    /// <summary>
    /// Locks the batch's tables this worker has not locked yet, all in one statement when they are free; a table
    /// whose lock is not free at once goes to the leader (WorkerTableLock).
    /// </summary>
    /// <returns>The slices this worker copies.</returns>
    private async Task<List<TableSlice>> LockAsync(ICopyOutSession session, List<TableSlice> batch, HashSet<uint> locked)
    {
        var names = batch.Select(s => s.Table.Entry).Where(e => !locked.Contains(e.Oid)).DistinctBy(e => e.Oid).ToList();
        if (names.Count == 0 || await WorkerTableLock.TryTakeAllAsync(session, [.. names.Select(e => e.QualifiedName)], failed.Token).ConfigureAwait(false))
        {
            locked.UnionWith(names.Select(e => e.Oid));
            return batch;
        }

        var ready = new List<TableSlice>(batch.Count);
        foreach (var slice in batch)
        {
            var entry = slice.Table.Entry;
            if (!locked.Contains(entry.Oid))
            {
                if (!await WorkerTableLock.TryTakeAsync(session, entry.QualifiedName, failed.Token).ConfigureAwait(false))
                {
                    ForLeader.Enqueue(slice);
                    continue;
                }

                locked.Add(entry.Oid);
            }

            ready.Add(slice);
        }

        return ready;
    }
}
