using System.Text;
using PgSnap.Catalog;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// The block of an 18 NOT NULL constraint a table inherits only through its ancestors' NOT VALID ones
/// (Catalog/Relations/InheritedNotNulls.cs): after the ancestors' blocks, VALIDATE CONSTRAINT when the source
/// validated it, and its comment.
/// </summary>
internal static class InheritedNotNullEmitter
{
    /// <returns>The block, or null when the constraint is not such a copy or has nothing to say.</returns>
    public static DumpObject? Emit(RelationInfo rel, ColumnRecord column, EmitContext context)
    {
        if (column.NotNullConstraint is not { MadeByAncestorsAfterData: true } nn)
        {
            return null;
        }

        var q = context.Quoting;
        var id = new CatalogId(CatalogId.PgConstraint, nn.Oid);
        var target = q.Ident(nn.Name) + " ON " + rel.Qualified;
        if (!nn.Validated)
        {
            return CloneCommentEmitter.Emit(rel, id, nn.Name, "CONSTRAINT", target, nn.Description, nn.Ancestors, context);
        }

        var sb = new StringBuilder("ALTER TABLE ").Append(rel.Qualified).Append(" VALIDATE CONSTRAINT ").Append(q.Ident(nn.Name)).Append(";\n");
        context.Describe(sb, "CONSTRAINT", target, nn.Description);
        var obj = new DumpObject
        {
            Id = id,
            Kind = "CHECK CONSTRAINT",
            Schema = rel.Schema,
            Name = rel.Name + " " + nn.Name,
            Owner = rel.Owner,
            Section = DumpSection.PostData,
            Priority = SortPriority.Constraint,
            Sql = sb.ToString(),
        };
        obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Oid));
        obj.DependsOn.AddRange(nn.Ancestors);
        return obj;
    }
}
