using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>CREATE CAST, its comment and labels, and its DROP for --clean.</summary>
internal static class CastEmitter
{
    public static DumpObject Emit(CastRecord c, EmitContext context)
    {
        var target = "(" + c.Source + " AS " + c.Target + ")";
        var sb = new StringBuilder("CREATE CAST ").Append(target).Append(c.Method switch
        {
            'f' => " WITH FUNCTION " + c.Function,
            'i' => " WITH INOUT",
            _ => " WITHOUT FUNCTION",
        });
        sb.Append(c.Context switch { 'a' => " AS ASSIGNMENT", 'i' => " AS IMPLICIT", _ => string.Empty }).Append(";\n");
        context.Describe(sb, "CAST", target, c.Description);
        var cast = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgCast, c.Oid),
            Kind = "CAST",
            Schema = null,
            Name = "CAST " + target,
            Owner = null,
            Section = DumpSection.PreData,
            Priority = SortPriority.Cast,
            Sql = sb.ToString(),
            DropSql = context.Decorations.Drop("CAST", target),
        };
        cast.DependsOn.AddRange(c.DependsOn);
        return cast;
    }
}
