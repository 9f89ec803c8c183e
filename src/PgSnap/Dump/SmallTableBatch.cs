using System.Collections.Concurrent;
using PgSnap.Data;

namespace PgSnap.Dump;

/// <summary>
/// How a data worker takes its work: a big table's slice alone, small tables many at a time. Thousands of small
/// tables would otherwise cost a lock statement and a COPY round trip each (README, "5,000 tables"); a batch is
/// locked in one statement and its COPYs are sent ahead in windows. The slices are ordered largest first, so the
/// small ones form the queue's tail and batches never hold back a big table.
/// </summary>
internal static class SmallTableBatch
{
    /// <summary>A whole table whose data is estimated below this is small.</summary>
    public const long SmallTableBytes = 1024 * 1024;

    /// <summary>At most this many tables in one batch (one LOCK statement), so several workers still share the tail.</summary>
    public const int MaxTables = 256;

    /// <summary>
    /// COPY statements sent ahead at once: a few KiB of statements, which fit in the socket buffers while the
    /// server's answers are not read yet.
    /// </summary>
    public const int SendAheadWindow = 64;

    /// <summary>Fills <paramref name="batch"/> (cleared first) with the next slice, and with up to <see cref="MaxTables"/> small ones when it is small.</summary>
    /// <returns>False when the queue is empty.</returns>
    public static bool TryTake(ConcurrentQueue<TableSlice> queue, List<TableSlice> batch)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(batch);
        batch.Clear();
        if (!queue.TryDequeue(out var first))
        {
            return false;
        }

        batch.Add(first);
        if (!IsSmall(first))
        {
            return true;
        }

        while (batch.Count < MaxTables && queue.TryPeek(out var next) && IsSmall(next) && queue.TryDequeue(out next))
        {
            // Another worker may have taken the peeked slice; whatever came instead is from the same small tail.
            batch.Add(next);
        }

        return true;
    }

    private static bool IsSmall(TableSlice slice) => slice.IsWholeTable && slice.EstimatedBytes < SmallTableBytes;
}
