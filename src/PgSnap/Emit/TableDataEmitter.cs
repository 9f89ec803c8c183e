using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>The data section's entry of a table: its quoted name and COPY column list, and the sizes the engine splits by.</summary>
internal static class TableDataEmitter
{
    public static TableDataEntry Emit(TableDataRecord t, EmitContext context)
    {
        // A created table is a plain one (only those are copied), split by ctid; an uncreated one only when no
        // configuration condition filters its rows.
        var q = context.Quoting;
        return new TableDataEntry(
            t.Schema,
            t.Name,
            t.Owner,
            q.Qualified(t.Schema, t.Name),
            string.Join(", ", t.Columns.Select(q.Ident)),
            t.Oid,
            t.RelTuples < 0 ? -1 : (long)t.RelTuples,
            t.RelPages,
            t.SizeBytes,
            CanSplitByCtid: t.Created || t.Condition is null,
            t.Condition);
    }
}
