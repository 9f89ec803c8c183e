using PgSnap.Model;

namespace PgSnap.Data;

/// <summary>
/// One unit of data work: a whole table, or the heap pages [<see cref="StartPage"/>, <see cref="EndPage"/>) of a
/// big one. A null bound is open, so the first and last slices also catch rows on pages that pg_class.relpages
/// (an estimate) does not count yet.
/// </summary>
internal sealed record TableSlice(TableCopyState Table, long? StartPage, long? EndPage, long EstimatedBytes)
{
    public bool IsWholeTable => StartPage is null && EndPage is null;
}
