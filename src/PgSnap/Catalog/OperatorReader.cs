using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// User operators of dumped schemas. A commutator or negator that does not exist yet is created as a shell by
/// the server and filled in when its own CREATE OPERATOR runs, as with pg_dump.
/// </summary>
internal static class OperatorReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        var q = session.Quoting;
        var rows = await session.QueryAsync(
            """
            SELECT o.oid, n.nspname, o.oprname, pg_catalog.pg_get_userbyid(o.oprowner),
                   CASE WHEN o.oprleft <> 0 THEN pg_catalog.format_type(o.oprleft, NULL) END,
                   CASE WHEN o.oprright <> 0 THEN pg_catalog.format_type(o.oprright, NULL) END,
                   o.oprcode::pg_catalog.regproc::text,
                   CASE WHEN o.oprcom <> 0 THEN (SELECT ARRAY[cn.nspname, c.oprname] FROM pg_catalog.pg_operator c JOIN pg_catalog.pg_namespace cn ON cn.oid = c.oprnamespace WHERE c.oid = o.oprcom) END,
                   CASE WHEN o.oprnegate <> 0 THEN (SELECT ARRAY[cn.nspname, c.oprname] FROM pg_catalog.pg_operator c JOIN pg_catalog.pg_namespace cn ON cn.oid = c.oprnamespace WHERE c.oid = o.oprnegate) END,
                   NULLIF(o.oprrest, 0)::pg_catalog.regproc::text, NULLIF(o.oprjoin, 0)::pg_catalog.regproc::text, o.oprcanhash, o.oprcanmerge
            FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
            WHERE o.oprnamespace = ANY(@schemas) AND o.oprcode <> 0
            ORDER BY n.nspname, o.oprname
            """,
            r => (Oid: r.Oid(0), Schema: r.GetString(1), Name: r.GetString(2), Owner: r.GetString(3), Left: r.Str(4), Right: r.Str(5), Code: r.GetString(6),
                  Commutator: r.Arr(7), Negator: r.Arr(8), Restrict: r.Str(9), Join: r.Str(10), Hashes: r.GetBoolean(11), Merges: r.GetBoolean(12)),
            ct,
            ("schemas", session.DumpedSchemaOids));
        foreach (var o in rows)
        {
            if (session.IsExtensionMember(CatalogId.PgOperator, o.Oid))
            {
                continue;
            }

            // Operator names are not identifiers: they are written bare, qualified with OPERATOR(schema.op) where needed.
            var qn = q.Ident(o.Schema) + "." + o.Name;
            var items = new List<string> { "FUNCTION = " + o.Code };
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
                items.Add("COMMUTATOR = OPERATOR(" + q.Ident(o.Commutator[0]) + "." + o.Commutator[1] + ")");
            }

            if (o.Negator is not null)
            {
                items.Add("NEGATOR = OPERATOR(" + q.Ident(o.Negator[0]) + "." + o.Negator[1] + ")");
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

            var signature = qn + " (" + (o.Left ?? "NONE") + ", " + (o.Right ?? "NONE") + ")";
            var sb = new StringBuilder("CREATE OPERATOR ").Append(qn).Append(" (\n    ").Append(string.Join(",\n    ", items)).Append("\n);\n");
            session.Decorations.Owner(sb, "OPERATOR", signature, o.Owner);
            session.Describe(sb, "OPERATOR", signature, CatalogId.PgOperator, o.Oid);
            plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgOperator, o.Oid),
                Kind = "OPERATOR",
                Schema = o.Schema,
                Name = o.Name + "(" + (o.Left ?? "NONE") + ", " + (o.Right ?? "NONE") + ")",
                Owner = o.Owner,
                Section = DumpSection.PreData,
                Priority = SortPriority.Operator,
                Sql = sb.ToString(),
                DropSql = session.Decorations.Drop("OPERATOR", signature),
            });
        }
    }
}
