using System.Text;
using PgSnap.Ddl;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>CREATE [DEFAULT] CONVERSION with its owner, comment and labels.</summary>
internal static class ConversionEmitter
{
    public static DumpObject Emit(ConversionRecord c, EmitContext context)
    {
        var qn = context.Quoting.Qualified(c.Schema, c.Name);
        var sb = new StringBuilder("CREATE ").Append(c.IsDefault ? "DEFAULT " : string.Empty).Append("CONVERSION ").Append(qn)
            .Append(" FOR ").Append(Quoting.Literal(c.From)).Append(" TO ").Append(Quoting.Literal(c.To)).Append(" FROM ").Append(c.Function).Append(";\n");
        context.Decorations.Owner(sb, "CONVERSION", qn, c.Owner);
        context.Describe(sb, "CONVERSION", qn, c.Description);
        return new DumpObject
        {
            Id = new CatalogId(CatalogId.PgConversion, c.Oid),
            Kind = "CONVERSION",
            Schema = c.Schema,
            Name = c.Name,
            Owner = c.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.Conversion,
            Sql = sb.ToString(),
            DropSql = context.Decorations.Drop("CONVERSION", qn),
        };
    }
}
