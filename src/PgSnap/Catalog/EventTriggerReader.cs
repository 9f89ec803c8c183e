using System.Text;
using PgSnap.Dump;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Event triggers, last of all (pg_dump's priority) so they do not fire while the dump is restored. The Supabase
/// profile leaves them out, as the Supabase CLI does: the platform installs its own.
/// </summary>
internal static class EventTriggerReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        if (session.IsSelective || session.Options.Profile == DumpProfile.Supabase)
        {
            return;
        }

        var q = session.Quoting;
        var rows = await session.QueryAsync(
            """
            SELECT e.oid, e.evtname, e.evtevent, pg_catalog.pg_get_userbyid(e.evtowner), e.evtfoid::pg_catalog.regproc::text, e.evtenabled::text, e.evttags, e.evtfoid
            FROM pg_catalog.pg_event_trigger e ORDER BY e.evtname
            """,
            r => (Oid: r.Oid(0), Name: r.GetString(1), Event: r.GetString(2), Owner: r.GetString(3), Function: r.GetString(4), Enabled: r.GetString(5)[0], Tags: r.Arr(6), FunctionOid: r.Oid(7)),
            ct);
        foreach (var e in rows)
        {
            if (session.IsExtensionMember(CatalogId.PgEventTrigger, e.Oid))
            {
                continue;
            }

            var qn = q.Ident(e.Name);
            var sb = new StringBuilder("CREATE EVENT TRIGGER ").Append(qn).Append(" ON ").Append(q.Ident(e.Event));
            if (e.Tags is { Length: > 0 })
            {
                sb.Append("\n         WHEN TAG IN (").Append(string.Join(", ", e.Tags.Select(Ddl.Quoting.Literal))).Append(')');
            }

            sb.Append("\n   EXECUTE FUNCTION ").Append(e.Function).Append("();\n");
            var state = e.Enabled switch { 'D' => " DISABLE", 'R' => " ENABLE REPLICA", 'A' => " ENABLE ALWAYS", _ => null };
            if (state is not null)
            {
                sb.Append("ALTER EVENT TRIGGER ").Append(qn).Append(state).Append(";\n");
            }

            session.Decorations.Owner(sb, "EVENT TRIGGER", qn, e.Owner);
            session.Describe(sb, "EVENT TRIGGER", qn, CatalogId.PgEventTrigger, e.Oid);
            var obj = plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgEventTrigger, e.Oid),
                Kind = "EVENT TRIGGER",
                Schema = null,
                Name = e.Name,
                Owner = e.Owner,
                Section = DumpSection.PostData,
                Priority = SortPriority.EventTrigger,
                Sql = sb.ToString(),
                DropSql = session.Decorations.Drop("EVENT TRIGGER", qn),
            });
            obj.DependsOn.Add(new CatalogId(CatalogId.PgProc, e.FunctionOid));
        }
    }
}
