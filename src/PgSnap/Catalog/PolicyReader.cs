using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Reads row-level security: ENABLE ROW LEVEL SECURITY per table ("ROW SECURITY") and each policy with its
/// command, permissive/restrictive mode, roles and USING / WITH CHECK expressions.
/// </summary>
internal static class PolicyReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        var q = session.Quoting;
        var rels = plan.Relations.Keys.ToArray();
        var enabled = await session.QueryAsync(
            "SELECT c.oid FROM pg_catalog.pg_class c WHERE c.oid = ANY(@rels) AND c.relrowsecurity",
            r => r.Oid(0),
            ct,
            ("rels", rels));
        foreach (var oid in enabled)
        {
            var rel = plan.Relations[oid];
            var obj = plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgPolicy + 1_000_000u, oid),
                Kind = "ROW SECURITY",
                Schema = rel.Schema,
                Name = rel.Name,
                Owner = rel.Owner,
                Table = rel.Name,
                Section = DumpSection.PostData,
                Priority = SortPriority.Policy,
                Sql = "ALTER TABLE " + rel.Qualified + " ENABLE ROW LEVEL SECURITY;\n",
            });
            obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, oid));
        }

        var policies = await session.QueryAsync(
            """
            SELECT p.oid, p.polrelid, p.polname, p.polcmd::text, p.polpermissive,
                   CASE WHEN p.polroles = '{0}' THEN NULL
                        ELSE ARRAY(SELECT pg_catalog.pg_get_userbyid(u.r) FROM pg_catalog.unnest(p.polroles) WITH ORDINALITY u(r, i) ORDER BY u.i) END,
                   pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)
            FROM pg_catalog.pg_policy p WHERE p.polrelid = ANY(@rels)
            ORDER BY p.polname
            """,
            r => (Oid: r.Oid(0), Rel: r.Oid(1), Name: r.GetString(2), Cmd: r.GetString(3)[0], Permissive: r.GetBoolean(4), Roles: r.Arr(5), Using: r.Str(6), Check: r.Str(7)),
            ct,
            ("rels", rels));
        foreach (var p in policies)
        {
            var rel = plan.Relations[p.Rel];
            var sb = new StringBuilder("CREATE POLICY ").Append(q.Ident(p.Name)).Append(" ON ").Append(rel.Qualified);
            if (!p.Permissive)
            {
                sb.Append(" AS RESTRICTIVE");
            }

            sb.Append(p.Cmd switch { 'r' => " FOR SELECT", 'a' => " FOR INSERT", 'w' => " FOR UPDATE", 'd' => " FOR DELETE", _ => string.Empty });
            if (p.Roles is not null)
            {
                sb.Append(" TO ").Append(string.Join(", ", p.Roles.Select(q.Ident)));
            }

            if (p.Using is not null)
            {
                sb.Append(" USING (").Append(p.Using).Append(')');
            }

            if (p.Check is not null)
            {
                sb.Append(" WITH CHECK (").Append(p.Check).Append(')');
            }

            sb.Append(";\n");
            session.Describe(sb, "POLICY", q.Ident(p.Name) + " ON " + rel.Qualified, CatalogId.PgPolicy, p.Oid);
            var obj = plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgPolicy, p.Oid),
                Kind = "POLICY",
                Schema = rel.Schema,
                Name = rel.Name + " " + p.Name,
                Owner = rel.Owner,
                Table = rel.Name,
                Section = DumpSection.PostData,
                Priority = SortPriority.Policy,
                Sql = sb.ToString(),
                DropSql = "DROP POLICY " + (session.Options.IfExists ? "IF EXISTS " : string.Empty) + q.Ident(p.Name) + " ON " + rel.Qualified + ";\n",
            });
            obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, p.Rel));
        }
    }
}
