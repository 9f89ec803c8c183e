using System.Text;
using PgSnap.Catalog;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// The block of an object that is named on its table (<c>CREATE RULE r ON t</c>, <c>CREATE POLICY p ON t</c>): its
/// comment and labels, its TOC name "table name", its post-data place after the table, and its DROP … ON for --clean.
/// Triggers (Emit/TriggerEmitter.cs) are built here too.
/// </summary>
internal static class TableSubObject
{
    /// <param name="kind">The keyword of COMMENT ON, DROP and the TOC (RULE, POLICY).</param>
    /// <param name="sql">The CREATE statement and anything after it but the comment.</param>
    /// <param name="droppable">False for what goes with another object (a partition's clone of a parent's trigger): no DROP.</param>
    public static DumpObject Block(
        string kind, CatalogId id, string name, RelationInfo rel, SortPriority priority, StringBuilder sql, Description description, EmitContext context, bool droppable = true)
    {
        var target = context.Quoting.Ident(name) + " ON " + rel.Qualified;
        context.Describe(sql, kind, target, description);
        var obj = new DumpObject
        {
            Id = id,
            Kind = kind,
            Schema = rel.Schema,
            Name = rel.Name + " " + name,
            Owner = rel.Owner,
            Table = rel.Name,
            Section = DumpSection.PostData,
            Priority = priority,
            Sql = sql.ToString(),
            DropSql = droppable ? context.Decorations.Drop(kind, target) : null,
        };
        obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Oid));
        return obj;
    }
}
