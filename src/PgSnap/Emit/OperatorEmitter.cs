using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// CREATE OPERATOR with its owner, comment and labels. A commutator or negator that does not exist yet is created as
/// a shell by the server and filled in when its own CREATE OPERATOR runs, as with pg_dump.
/// </summary>
internal static class OperatorEmitter
{
    public static DumpObject Emit(OperatorRecord o, EmitContext context)
    {
        var q = context.Quoting;

        // Operator names are not identifiers: they are written bare, qualified with OPERATOR(schema.op) where needed.
        var qn = q.Ident(o.Schema) + "." + o.Name;
        var items = new List<string> { "FUNCTION = " + o.Function };
        if (o.Left is not null)
        {
            items.Add("LEFTARG = " + o.Left);
        }

        if (o.Right is not null)
        {
            items.Add("RIGHTARG = " + o.Right);
        }

        if (o.Commutator is not null)
        {
            items.Add("COMMUTATOR = OPERATOR(" + q.Ident(o.Commutator.Schema) + "." + o.Commutator.Name + ")");
        }

        if (o.Negator is not null)
        {
            items.Add("NEGATOR = OPERATOR(" + q.Ident(o.Negator.Schema) + "." + o.Negator.Name + ")");
        }

        if (o.Restrict is not null)
        {
            items.Add("RESTRICT = " + o.Restrict);
        }

        if (o.Join is not null)
        {
            items.Add("JOIN = " + o.Join);
        }

        if (o.Hashes)
        {
            items.Add("HASHES");
        }

        if (o.Merges)
        {
            items.Add("MERGES");
        }

        var arguments = "(" + (o.Left ?? "NONE") + ", " + (o.Right ?? "NONE") + ")";
        var signature = qn + " " + arguments;
        var sb = new StringBuilder("CREATE OPERATOR ").Append(qn).Append(" (\n    ").Append(string.Join(",\n    ", items)).Append("\n);\n");
        context.Decorations.Owner(sb, "OPERATOR", signature, o.Owner);
        context.Describe(sb, "OPERATOR", signature, o.Description);
        return new DumpObject
        {
            Id = new CatalogId(CatalogId.PgOperator, o.Oid),
            Kind = "OPERATOR",
            Schema = o.Schema,
            Name = o.Name + arguments,
            Owner = o.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.Operator,
            Sql = sb.ToString(),
            DropSql = context.Decorations.Drop("OPERATOR", signature),
        };
    }
}
