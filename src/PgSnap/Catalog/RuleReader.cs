using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>Reads rewrite rules of dumped relations (not the _RETURN rule that makes a view), with their enabled state.</summary>
internal static class RuleReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        var q = session.Quoting;
        var rows = await session.QueryAsync(
            """
            SELECT r.oid, r.ev_class, r.rulename, pg_catalog.pg_get_ruledef(r.oid), r.ev_enabled::text
            FROM pg_catalog.pg_rewrite r
            WHERE r.ev_class = ANY(@rels) AND r.rulename <> '_RETURN'
            ORDER BY r.rulename
            """,
            r => (Oid: r.Oid(0), Rel: r.Oid(1), Name: r.GetString(2), Def: r.GetString(3), Enabled: r.GetString(4)[0]),
            ct,
            ("rels", plan.Relations.Keys.ToArray()));
        foreach (var rule in rows)
        {
            var rel = plan.Relations[rule.Rel];
            var def = rule.Def.TrimEnd();
            var sb = new StringBuilder(def).Append(def.EndsWith(';') ? "\n" : ";\n");
            var state = rule.Enabled switch
            {
                'D' => "DISABLE RULE ",
                'R' => "ENABLE REPLICA RULE ",
                'A' => "ENABLE ALWAYS RULE ",
                _ => null,
            };
            if (state is not null)
            {
                sb.Append("ALTER TABLE ").Append(rel.Qualified).Append(' ').Append(state).Append(q.Ident(rule.Name)).Append(";\n");
            }

            session.Describe(sb, "RULE", q.Ident(rule.Name) + " ON " + rel.Qualified, CatalogId.PgRewrite, rule.Oid);
            var obj = plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgRewrite, rule.Oid),
                Kind = "RULE",
                Schema = rel.Schema,
                Name = rel.Name + " " + rule.Name,
                Owner = rel.Owner,
                Table = rel.Name,
                Section = DumpSection.PostData,
                Priority = SortPriority.Rule,
                Sql = sb.ToString(),
                DropSql = "DROP RULE " + (session.Options.IfExists ? "IF EXISTS " : string.Empty) + q.Ident(rule.Name) + " ON " + rel.Qualified + ";\n",
            });
            obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, rule.Rel));
        }
    }
}
