using PgSnap.Catalog;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// Writes what the relation reader found into the plan, each relation by its kind's emitter and in the reader's
/// order: the relations later readers look up, the pre-data objects (TABLE, TABLE ATTACH, DEFAULT, SEQUENCE,
/// SEQUENCE OWNED BY, VIEW…), the constraint blocks that follow their ancestors', the data-section tables and the
/// sequence values.
/// </summary>
internal static class RelationEmitter
{
    public static void AddTo(PlanBuilder plan, RelationSet set, EmitContext context)
    {
        var q = context.Quoting;
        foreach (var rel in set.Relations)
        {
            plan.Relations[rel.Oid] = new RelationInfo(rel.Oid, rel.Schema, rel.Name, rel.Kind, rel.Owner, q.Qualified(rel.Schema, rel.Name), rel.IsPartition, true);
        }

        var checksByTable = set.Checks.ToLookup(c => c.RelOid);
        foreach (var rel in set.Relations)
        {
            var cols = set.ColumnsOf(rel.Oid);
            var blocks = rel.Kind switch
            {
                'S' => SequenceEmitter.Emit(rel, set.Sequences[rel.Oid], context),
                'v' or 'm' => ViewEmitter.Emit(rel, cols, context),
                _ => TableEmitter.Emit(new TableRecord(rel, cols, [.. checksByTable[rel.Oid]], ParentColumns(rel, set)), context),
            };
            plan.Objects.AddRange(blocks);
            if (rel.Kind == 'S')
            {
                AddValue(plan, set.Sequences[rel.Oid], rel.Owner, context);
            }
        }

        foreach (var ch in set.Checks.Where(c => !c.Validated && !c.IsLocal && plan.Relations.ContainsKey(c.RelOid)))
        {
            var rel = plan.Relations[ch.RelOid];
            var id = new CatalogId(CatalogId.PgConstraint, ch.Oid);
            if (CloneCommentEmitter.Emit(rel, id, ch.Name, "CONSTRAINT", q.Ident(ch.Name) + " ON " + rel.Qualified, ch.Description, ch.Ancestors, context) is { } comment)
            {
                plan.Add(comment);
            }
        }

        foreach (var (relOid, cols) in set.Columns)
        {
            if (!plan.Relations.TryGetValue(relOid, out var rel))
            {
                continue;
            }

            foreach (var c in cols)
            {
                if (InheritedNotNullEmitter.Emit(rel, c, context) is { } block)
                {
                    plan.Add(block);
                }
            }
        }

        plan.TableData.AddRange(set.TableData.Select(t => TableDataEmitter.Emit(t, context)));
        foreach (var seq in set.ConfigurationSequences)
        {
            AddValue(plan, seq, null, context);
        }
    }

    private static void AddValue(PlanBuilder plan, SequenceRecord seq, string? owner, EmitContext context)
    {
        // What the coverage audit counts as a written sequence value (a relation's or an extension configuration's).
        plan.SequenceValueOids.Add(seq.Oid);
        plan.SequenceValues.Add(SequenceEmitter.Value(seq, owner, context));
    }

    /// <summary>The columns of a table's inheritance parents (none for a partition: it is created standalone).</summary>
    private static List<ColumnRecord> ParentColumns(RelationRecord rel, RelationSet set) =>
        rel.IsPartition ? [] : [.. rel.Parents.SelectMany(set.ColumnsOf)];
}
