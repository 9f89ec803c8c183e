using PgSnap.Model;

namespace PgSnap.Data;

/// <summary>
/// Cuts the tables of a dump into work: with several workers, a table bigger than the split threshold becomes
/// ctid ranges of about equal page counts, so that one huge table keeps every worker busy. The work is
/// ordered largest first, so that the last slice to finish is a small one.
/// </summary>
internal static class TableSlicePlanner
{
    /// <summary>Tables smaller than this are copied whole.</summary>
    public const long DefaultSplitThresholdBytes = 64L * 1024 * 1024;

    /// <summary>Target size of one slice of a split table.</summary>
    public const long TargetSliceBytes = 32L * 1024 * 1024;

    public const int MaxSlicesPerTable = 64;

    public static IReadOnlyList<TableSlice> Plan(IReadOnlyList<TableDataEntry> tables, int jobs, long splitThresholdBytes = DefaultSplitThresholdBytes)
    {
        var slices = new List<TableSlice>();
        foreach (var table in tables)
        {
            var count = jobs > 1 && table.CanSplitByCtid && table.SizeBytes >= splitThresholdBytes && table.RelPages >= 2
                ? (int)Math.Clamp(table.SizeBytes / TargetSliceBytes, 2, Math.Min(MaxSlicesPerTable, table.RelPages))
                : 1;
            var state = new TableCopyState(table, count);
            if (count == 1)
            {
                slices.Add(new TableSlice(state, null, null, table.SizeBytes));
                continue;
            }

            var per = table.SizeBytes / count;
            for (var i = 0; i < count; i++)
            {
                long? start = i == 0 ? null : table.RelPages * i / count;
                long? end = i == count - 1 ? null : table.RelPages * (i + 1) / count;
                slices.Add(new TableSlice(state, start, end, per));
            }
        }

        // Largest first; equal sizes keep the catalog's order (a stable sort), so output is repeatable at -j 1.
        return [.. slices.OrderByDescending(s => s.EstimatedBytes)];
    }
}
