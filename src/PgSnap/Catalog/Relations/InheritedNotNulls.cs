using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// 18's NOT NULL constraints that a table inherits only through NOT VALID ones of its ancestors. No CREATE TABLE makes
/// them: the ancestor's ADD CONSTRAINT … NOT VALID after the data does (writing them into the child's CREATE would
/// make them the child's own, conislocal true). So the child's copy gets a block of its own after its ancestors'
/// (Emit/InheritedNotNullEmitter.cs): VALIDATE CONSTRAINT when the source validated it, and its comment.
/// </summary>
internal static class InheritedNotNulls
{
    /// <summary>Marks the inherited NOT NULL constraints that only ancestors' post-data statements make, with those ancestors.</summary>
    public static void Mark(Dictionary<uint, List<ColumnRecord>> columns, IReadOnlyDictionary<uint, RelationRecord> relById)
    {
        foreach (var (relOid, cols) in columns)
        {
            if (!relById.TryGetValue(relOid, out var rel) || rel.IsPartition)
            {
                continue;
            }

            for (var i = 0; i < cols.Count; i++)
            {
                if (cols[i].NotNullConstraint is { IsLocal: false } nn && !MadeWithTables(relOid, cols[i].Name, columns, relById))
                {
                    cols[i] = cols[i] with { NotNullConstraint = nn with { MadeByAncestorsAfterData = true, Ancestors = AncestorConstraints(relOid, cols[i].Name, columns, relById) } };
                }
            }
        }
    }

    /// <summary>
    /// Whether the column's NOT NULL constraint exists once every table is created: written into this table's CREATE
    /// (its own and valid, or any valid one of a partition, which is created standalone) or inherited at CREATE from a
    /// parent whose constraint exists by then. A parent outside the dump is taken to have it.
    /// </summary>
    private static bool MadeWithTables(uint relOid, string column, IReadOnlyDictionary<uint, List<ColumnRecord>> columns, IReadOnlyDictionary<uint, RelationRecord> relById)
    {
        if (!relById.TryGetValue(relOid, out var rel) || !columns.TryGetValue(relOid, out var cols))
        {
            return true;
        }

        if (cols.FirstOrDefault(c => c.Name == column)?.NotNullConstraint is not { } nn)
        {
            return false;
        }

        if (nn.IsLocal || rel.IsPartition)
        {
            return nn.Validated;
        }

        return rel.Parents.Any(p => GivesToChildren(p, column, columns) && MadeWithTables(p, column, columns, relById));
    }

    private static bool GivesToChildren(uint relOid, string column, IReadOnlyDictionary<uint, List<ColumnRecord>> columns) =>
        !columns.TryGetValue(relOid, out var cols) || cols.FirstOrDefault(c => c.Name == column)?.NotNullConstraint is { NoInherit: false };

    /// <summary>The NOT NULL constraints of the column in every ancestor: whichever of them are blocks, this one follows.</summary>
    private static List<CatalogId> AncestorConstraints(uint relOid, string column, IReadOnlyDictionary<uint, List<ColumnRecord>> columns, IReadOnlyDictionary<uint, RelationRecord> relById)
    {
        var found = new List<CatalogId>();
        var pending = new Queue<uint>(relById.GetValueOrDefault(relOid)?.Parents ?? []);
        var seen = new HashSet<uint>();
        while (pending.TryDequeue(out var parent))
        {
            if (!seen.Add(parent) || !columns.TryGetValue(parent, out var cols))
            {
                continue;
            }

            if (cols.FirstOrDefault(c => c.Name == column)?.NotNullConstraint is { } nn)
            {
                found.Add(new CatalogId(CatalogId.PgConstraint, nn.Oid));
            }

            foreach (var grandparent in relById.GetValueOrDefault(parent)?.Parents ?? [])
            {
                pending.Enqueue(grandparent);
            }
        }

        return found;
    }
}
