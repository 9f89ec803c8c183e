using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// A check (or 18's NOT VALID NOT NULL) constraint added after the data: NOT VALID, or breaking a dependency loop
/// through its table (Catalog/Relations/CheckConstraintReader.cs says when).
/// </summary>
internal static class CheckConstraintEmitter
{
    public static DumpObject Separate(RelationRecord rel, CheckConstraintRecord ch, EmitContext context)
    {
        var q = context.Quoting;
        var qn = q.Qualified(rel.Schema, rel.Name);
        var ifExists = context.Options.IfExists ? "IF EXISTS " : string.Empty;
        var sb = new StringBuilder();
        sb.Append("ALTER ").Append(rel.Kind == 'f' ? "FOREIGN TABLE" : "TABLE").Append(' ').Append(qn)
          .Append("\n    ADD CONSTRAINT ").Append(q.Ident(ch.Name)).Append(' ').Append(ch.Definition).Append(";\n");
        context.Describe(sb, "CONSTRAINT", q.Ident(ch.Name) + " ON " + qn, ch.Description);
        var obj = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgConstraint, ch.Oid),
            Kind = "CHECK CONSTRAINT",
            Schema = rel.Schema,
            Name = rel.Name + " " + ch.Name,
            Owner = rel.Owner,
            Section = DumpSection.PostData,
            Priority = SortPriority.Constraint,
            Sql = sb.ToString(),
            DropSql = "ALTER TABLE " + ifExists + qn + " DROP CONSTRAINT " + ifExists + q.Ident(ch.Name) + ";\n",
        };
        obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Oid));
        return obj;
    }
}
