using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>Collects what the readers produce, for the sort and the final plan.</summary>
internal sealed class PlanBuilder
{
    public List<DumpObject> Objects { get; } = [];

    public List<TableDataEntry> TableData { get; } = [];

    public List<DdlEntry> SequenceValues { get; } = [];

    /// <summary>Sequences whose value <see cref="SequenceValues"/> sets, for the coverage audit.</summary>
    public HashSet<uint> SequenceValueOids { get; } = [];

    /// <summary>Relations whose definitions are dumped, by oid; constraint, index, trigger… readers need them.</summary>
    public Dictionary<uint, RelationInfo> Relations { get; } = [];

    public DumpObject Add(DumpObject obj)
    {
        Objects.Add(obj);
        return obj;
    }

    /// <summary>Emits every record a reader returned, in the reader's order (an emitter returns null for a record with nothing to write).</summary>
    public void AddAll<TRecord>(IEnumerable<TRecord> records, Func<TRecord, Emit.EmitContext, DumpObject?> emit, Emit.EmitContext context)
    {
        foreach (var record in records)
        {
            if (emit(record, context) is { } obj)
            {
                Objects.Add(obj);
            }
        }
    }
}
