using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// A partition is created as a standalone table and attached afterwards (TABLE ATTACH), as pg_dump does, so
/// the table and its bounds can be restored and sorted independently of the parent.
/// </summary>
internal static class PartitionAttachEmitter
{
    /// <returns>The TABLE ATTACH block, or null for a relation that is not a partition with a bound.</returns>
    public static DumpObject? Emit(RelationRecord rel, EmitContext context)
    {
        if (!rel.IsPartition || rel.Parents.Length != 1 || rel.PartitionBound is null)
        {
            return null;
        }

        var attach = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgInherits, rel.Oid),
            Kind = "TABLE ATTACH",
            Schema = rel.Schema,
            Name = rel.Name,
            Owner = rel.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.TableAttach,
            Sql = "ALTER TABLE ONLY " + RelationParts.ParentName(context, rel, 0) + " ATTACH PARTITION " + context.Quoting.Qualified(rel.Schema, rel.Name) + " " + rel.PartitionBound + ";\n",
        };
        attach.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Oid));
        attach.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Parents[0]));
        return attach;
    }
}
