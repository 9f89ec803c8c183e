using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// The comment and security labels of an object the server clones onto a partition (a foreign key's copy): the
/// clone itself is made by its parent's statement, so only what is the clone's own gets a block, after the parent's.
/// </summary>
internal static class CloneComments
{
    /// <param name="describeKind">COMMENT ON's keyword, e.g. CONSTRAINT.</param>
    /// <param name="target">COMMENT ON's object, e.g. <c>name ON schema.table</c>.</param>
    /// <param name="after">The objects whose statements create the clone (its parent, grandparent…).</param>
    public static void Add(CatalogSession session, PlanBuilder plan, RelationInfo rel, CatalogId id, string name, string describeKind, string target, IEnumerable<CatalogId> after)
    {
        var sb = new StringBuilder();
        session.Describe(sb, describeKind, target, id.ClassId, id.ObjectId);
        if (sb.Length == 0)
        {
            return;
        }

        var obj = plan.Add(new DumpObject
        {
            Id = id,
            Kind = "COMMENT",
            Schema = rel.Schema,
            Name = describeKind + " " + name + " ON " + rel.Name,
            Owner = rel.Owner,
            Table = rel.Name,
            Section = DumpSection.PostData,
            Priority = SortPriority.FkConstraint,
            Sql = sb.ToString(),
        });
        obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Oid));
        obj.DependsOn.AddRange(after);
    }
}
