using PgSnap.Ddl;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// A partition is created as a standalone table and attached afterwards (TABLE ATTACH), as pg_dump does, so
/// the table and its bounds can be restored and sorted independently of the parent.
/// </summary>
internal static class PartitionAttachWriter
{
    public static void AddIfPartition(PlanBuilder plan, RelRow rel, string qn, Quoting q, Dictionary<uint, RelRow> relById)
    {
        if (!rel.IsPartition || rel.Parents.Length != 1 || rel.PartitionBound is null)
        {
            return;
        }

        var attach = plan.Add(new DumpObject
        {
            Id = new CatalogId(CatalogId.PgInherits, rel.Oid),
            Kind = "TABLE ATTACH",
            Schema = rel.Schema,
            Name = rel.Name,
            Owner = rel.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.TableAttach,
            Sql = "ALTER TABLE ONLY " + RelationRowExtensions.ParentName(q, relById, rel.Parents[0]) + " ATTACH PARTITION " + qn + " " + rel.PartitionBound + ";\n",
        });
        attach.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Oid));
        attach.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Parents[0]));
    }
}
