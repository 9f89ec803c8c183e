using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>CREATE ACCESS METHOD … TYPE TABLE|INDEX HANDLER, comment and labels (access methods have no owner).</summary>
internal static class AccessMethodEmitter
{
    public static DumpObject Emit(AccessMethodRecord a, EmitContext context)
    {
        var name = context.Quoting.Ident(a.Name);
        var sb = new StringBuilder("CREATE ACCESS METHOD ").Append(name).Append(" TYPE ").Append(a.Type == 't' ? "TABLE" : "INDEX")
            .Append(" HANDLER ").Append(a.Handler).Append(";\n");
        context.Describe(sb, "ACCESS METHOD", name, a.Description);
        return new DumpObject
        {
            Id = new CatalogId(CatalogId.PgAm, a.Oid),
            Kind = "ACCESS METHOD",
            Schema = null,
            Name = a.Name,
            Owner = null,
            Section = DumpSection.PreData,
            Priority = SortPriority.AccessMethod,
            Sql = sb.ToString(),
            DropSql = context.Decorations.Drop("ACCESS METHOD", name),
        };
    }
}
