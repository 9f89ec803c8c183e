using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>CREATE TRANSFORM FOR type LANGUAGE lang with whichever of its two functions exist, comment and labels.</summary>
internal static class TransformEmitter
{
    public static DumpObject Emit(TransformRecord t, EmitContext context)
    {
        var target = "FOR " + t.Type + " LANGUAGE " + context.Quoting.Ident(t.Language);
        var functions = new List<string>();
        if (t.FromSql is not null)
        {
            functions.Add("FROM SQL WITH FUNCTION " + t.FromSql);
        }

        if (t.ToSql is not null)
        {
            functions.Add("TO SQL WITH FUNCTION " + t.ToSql);
        }

        var sb = new StringBuilder("CREATE TRANSFORM ").Append(target).Append(" (").Append(string.Join(", ", functions)).Append(");\n");
        context.Describe(sb, "TRANSFORM", target, t.Description);
        return new DumpObject
        {
            Id = new CatalogId(CatalogId.PgTransform, t.Oid),
            Kind = "TRANSFORM",
            Schema = null,
            Name = t.Type + " " + t.Language,
            Owner = null,
            Section = DumpSection.PreData,
            Priority = SortPriority.Transform,
            Sql = sb.ToString(),
            DropSql = context.Decorations.Drop("TRANSFORM", target),
        };
    }
}
