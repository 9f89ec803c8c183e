using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// Functions, procedures and window functions (the server's pg_get_functiondef text, written as it is) and
/// aggregates (<see cref="AggregateEmitter"/>), with owner, privileges, comment and labels.
/// </summary>
internal static class FunctionEmitter
{
    public static DumpObject Emit(FunctionRecord f, EmitContext context)
    {
        var d = context.Decorations;
        var keyword = f.Kind switch { 'p' => "PROCEDURE", 'a' => "AGGREGATE", _ => "FUNCTION" };

        // An aggregate of no arguments is named name(*).
        var args = f.Kind == 'a' && f.IdentityArguments.Length == 0 ? "*" : f.IdentityArguments;
        var qn = context.Quoting.Qualified(f.Schema, f.Name);
        var signature = qn + "(" + args + ")";
        var sb = new StringBuilder();
        if (f.Kind == 'a')
        {
            sb.Append(AggregateEmitter.Create(f.Aggregate!, qn, f.AggregateArguments is { Length: > 0 } a ? a : "*"));
        }
        else
        {
            sb.Append(f.Definition!.TrimEnd('\n')).Append(";\n");
        }

        d.Owner(sb, keyword, signature, f.Owner);

        // GRANT has no AGGREGATE: an aggregate's privileges are granted ON FUNCTION.
        d.Acl(sb, f.Kind == 'p' ? "PROCEDURE" : "FUNCTION", signature, null, f.Acl, f.InitialAcl, of: new(CatalogId.PgProc, f.Oid), writeOutDefault: true);
        context.Describe(sb, keyword, signature, f.Description);
        return new DumpObject
        {
            Id = new CatalogId(CatalogId.PgProc, f.Oid),
            Kind = keyword,
            Schema = f.Schema,
            Name = f.Name + "(" + args + ")",
            Owner = f.Owner,
            Section = DumpSection.PreData,
            Priority = f.Kind == 'a' ? SortPriority.Aggregate : SortPriority.Function,
            Sql = sb.ToString(),
            DropSql = d.Drop(keyword, signature),
        };
    }
}
