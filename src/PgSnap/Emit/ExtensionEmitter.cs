using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>CREATE EXTENSION IF NOT EXISTS in its schema (its members come back with it), comment and labels.</summary>
internal static class ExtensionEmitter
{
    public static DumpObject Emit(ExtensionRecord e, EmitContext context)
    {
        var q = context.Quoting;
        var qn = q.Ident(e.Name);
        var sb = new StringBuilder("CREATE EXTENSION IF NOT EXISTS ").Append(qn).Append(" WITH SCHEMA ").Append(q.Ident(e.Schema)).Append(";\n");
        context.Describe(sb, "EXTENSION", qn, e.Description);
        var obj = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgExtension, e.Oid),
            Kind = "EXTENSION",
            Schema = null,
            Name = e.Name,
            Owner = null,
            Section = DumpSection.PreData,
            Priority = SortPriority.Extension,
            Sql = sb.ToString(),
            DropSql = context.Decorations.Drop("EXTENSION", qn),
        };
        obj.DependsOn.Add(new CatalogId(CatalogId.PgNamespace, e.SchemaOid));
        return obj;
    }
}
