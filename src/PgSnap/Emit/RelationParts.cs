using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>What every relation emitter shares: the privileges and comments block, the folded-in rows, parent names.</summary>
internal static class RelationParts
{
    /// <summary>COMMENT ON's keyword for a relation kind.</summary>
    public static string CommentKind(char relKind) => relKind switch { 'v' => "VIEW", 'm' => "MATERIALIZED VIEW", 'f' => "FOREIGN TABLE", _ => "TABLE" };

    /// <summary>The relation's and its columns' privileges, comments and labels.</summary>
    public static void AppendDecorations(EmitContext context, StringBuilder sb, RelationRecord rel, string qn, IReadOnlyList<ColumnRecord> cols)
    {
        var d = context.Decorations;
        var q = context.Quoting;
        d.Acl(sb, "TABLE", qn, null, rel.Acl, rel.InitialAcl, rel.Owner, new(CatalogId.PgClass, rel.Oid), writeOutDefault: true);
        context.Describe(sb, CommentKind(rel.Kind), qn, rel.Description);
        foreach (var c in cols)
        {
            context.Describe(sb, "COLUMN", qn + "." + q.Ident(c.Name), c.Description);
            d.Acl(sb, "TABLE", qn, q.Ident(c.Name), c.Acl, null, rel.Owner, new(CatalogId.PgClass, rel.Oid, c.Number));
        }
    }

    /// <summary>The row type, its array type and a view's _RETURN rule are part of the relation's block.</summary>
    public static void AddAliases(DumpObject obj, RelationRecord rel)
    {
        if (rel.RowType != 0)
        {
            obj.Aliases.Add(new CatalogId(CatalogId.PgType, rel.RowType));
        }

        if (rel.RowArrayType != 0)
        {
            obj.Aliases.Add(new CatalogId(CatalogId.PgType, rel.RowArrayType));
        }

        if (rel.ReturnRule != 0)
        {
            obj.Aliases.Add(new CatalogId(CatalogId.PgRewrite, rel.ReturnRule));
        }
    }

    /// <summary>
    /// The quoted name of the relation's parent at <paramref name="index"/>; a parent outside the dump gets a name that
    /// cannot resolve, so the statement fails loudly instead of inheriting from something else.
    /// </summary>
    public static string ParentName(EmitContext context, RelationRecord rel, int index) =>
        index < rel.ParentNames.Count && rel.ParentNames[index] is { } parent
            ? context.Quoting.Qualified(parent.Schema, parent.Name)
            : "pg_catalog.regclass_out_of_dump_" + rel.Parents[index].ToString(System.Globalization.CultureInfo.InvariantCulture);
}
