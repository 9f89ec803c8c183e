using System.Text;
using PgSnap.Catalog;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// The comment and security labels of an object the server clones onto a partition or an inheritance child (a
/// foreign key's or a NOT VALID check's copy): the clone itself is made by its parent's statement, so only what is
/// the clone's own gets a block, after the parent's.
/// </summary>
internal static class CloneCommentEmitter
{
    /// <param name="describeKind">COMMENT ON's keyword, e.g. CONSTRAINT.</param>
    /// <param name="target">COMMENT ON's object, e.g. <c>name ON schema.table</c>.</param>
    /// <param name="after">The objects whose statements create the clone (its parent, grandparent…).</param>
    /// <returns>The block, or null when the clone has nothing of its own to say.</returns>
    public static DumpObject? Emit(RelationInfo rel, CatalogId id, string name, string describeKind, string target, Description description, IEnumerable<CatalogId> after, EmitContext context)
    {
        var sb = new StringBuilder();
        context.Describe(sb, describeKind, target, description);
        if (sb.Length == 0)
        {
            return null;
        }

        var obj = new DumpObject
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
        };
        obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Oid));
        obj.DependsOn.AddRange(after);
        return obj;
    }
}
