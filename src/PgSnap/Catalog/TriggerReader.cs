using System.Text;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Reads user triggers (including constraint triggers) of dumped tables with their ENABLE/DISABLE state.
/// Triggers a partition inherits from its parent are left out: the parent's trigger recreates them
/// (<see cref="PartitionTriggerReader"/> keeps their own states and comments).
/// With the Supabase profile, triggers on platform tables (auth.users…) that call a dumped function are kept.
/// </summary>
internal static class TriggerReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        var q = session.Quoting;
        var parent = session.ServerVersion >= 130000 ? "t.tgparentid = 0" : "true";
        var supabase = session.Options.Profile == DumpProfile.Supabase && !session.IsSelective;
        var rows = await session.QueryAsync(
            $"""
            SELECT t.oid, t.tgrelid, t.tgname, pg_catalog.pg_get_triggerdef(t.oid, false), t.tgenabled::text, n.nspname, c.relname,
                   pg_catalog.pg_get_userbyid(c.relowner), t.tgfoid, c.relkind::text
            FROM pg_catalog.pg_trigger t
            JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
            WHERE NOT t.tgisinternal AND {parent}
              AND (t.tgrelid = ANY(@rels) OR (@supabase AND p.pronamespace = ANY(@schemas)))
            ORDER BY n.nspname, c.relname, t.tgname
            """,
            r => (Oid: r.Oid(0), Rel: r.Oid(1), Name: r.GetString(2), Def: r.GetString(3), Enabled: r.GetString(4)[0], Schema: r.GetString(5), Table: r.GetString(6), Owner: r.GetString(7), Function: r.Oid(8), Kind: r.GetString(9)[0]),
            ct,
            ("rels", plan.Relations.Keys.ToArray()),
            ("supabase", supabase),
            ("schemas", session.DumpedSchemaOids));
        foreach (var t in rows)
        {
            var qt = q.Qualified(t.Schema, t.Table);
            var sb = new StringBuilder(t.Def).Append(";\n");
            var alter = t.Kind == 'v' ? "VIEW" : t.Kind == 'f' ? "FOREIGN TABLE" : "TABLE";
            sb.Append(TriggerStateEmitter.Statement(alter, qt, q.Ident(t.Name), t.Enabled));

            session.Describe(sb, "TRIGGER", q.Ident(t.Name) + " ON " + qt, CatalogId.PgTrigger, t.Oid);
            var obj = plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgTrigger, t.Oid),
                Kind = "TRIGGER",
                Schema = t.Schema,
                Name = t.Table + " " + t.Name,
                Owner = t.Owner,
                Table = t.Table,
                Section = DumpSection.PostData,
                Priority = SortPriority.Trigger,
                Sql = sb.ToString(),
                DropSql = "DROP TRIGGER " + (session.Options.IfExists ? "IF EXISTS " : string.Empty) + q.Ident(t.Name) + " ON " + qt + ";\n",
            });
            obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, t.Rel));
            obj.DependsOn.Add(new CatalogId(CatalogId.PgProc, t.Function));
        }

        await PartitionTriggerReader.ReadAsync(session, plan, ct);
    }
}
