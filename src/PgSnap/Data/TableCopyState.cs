using PgSnap.Model;

namespace PgSnap.Data;

/// <summary>
/// The shared state of one table while its slices are copied, possibly by several workers at once: the next
/// chunk number and how many slices are still running (the table is done when none are).
/// </summary>
internal sealed class TableCopyState(TableDataEntry entry, int slices)
{
    private int _nextChunk;
    private int _slicesLeft = slices;
    private long _rows;

    public TableDataEntry Entry { get; } = entry;

    public int Slices { get; } = slices;

    public long Rows => Interlocked.Read(ref _rows);

    public int NextChunk() => Interlocked.Increment(ref _nextChunk) - 1;

    public void AddRows(long rows) => Interlocked.Add(ref _rows, rows);

    /// <summary>Marks one slice done; true when it was the last one.</summary>
    public bool CompleteSlice() => Interlocked.Decrement(ref _slicesLeft) == 0;
}
