using System.Text;
using PgSnap.Emit;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// A partition's clones of its parents' triggers are made by the parents' CREATE TRIGGER, so they are not dumped
/// themselves; what is a clone's own is written after its parent's trigger: its enable state when it differs from
/// the parent trigger's (as pg_dump does), and its comment and security labels.
/// </summary>
internal static class PartitionTriggerReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        var q = session.Quoting;

        // Foreign-key triggers are the server's own (internal) clones too; those of constraint triggers are kept.
        var clones = await session.QueryAsync(
            """
            SELECT t.oid, t.tgrelid, t.tgname, t.tgenabled::text, t.tgparentid, u.tgenabled::text
            FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_trigger u ON u.oid = t.tgparentid
            WHERE t.tgrelid = ANY(@rels)
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.oid = t.tgconstraint AND k.contype <> 't')
            ORDER BY t.tgrelid, t.tgname
            """,
            r => (Oid: r.Oid(0), Rel: r.Oid(1), Name: r.GetString(2), Enabled: r.GetString(3)[0], Parent: r.Oid(4), ParentEnabled: r.GetString(5)[0]),
            ct,
            ("rels", plan.Relations.Keys.ToArray()));
        var parentOf = clones.ToDictionary(c => c.Oid, c => c.Parent);
        foreach (var t in clones)
        {
            var rel = plan.Relations[t.Rel];
            var sb = new StringBuilder();
            if (t.Enabled != t.ParentEnabled)
            {
                sb.Append(TriggerStateEmitter.Statement(rel.AlterKeyword, rel.Qualified, q.Ident(t.Name), t.Enabled, evenWhenEnabled: true));
            }

            session.Describe(sb, "TRIGGER", q.Ident(t.Name) + " ON " + rel.Qualified, CatalogId.PgTrigger, t.Oid);
            if (sb.Length == 0)
            {
                continue;
            }

            var obj = plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgTrigger, t.Oid),
                Kind = "TRIGGER",
                Schema = rel.Schema,
                Name = rel.Name + " " + t.Name,
                Owner = rel.Owner,
                Table = rel.Name,
                Section = DumpSection.PostData,
                Priority = SortPriority.Trigger,
                Sql = sb.ToString(),
            });
            obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, t.Rel));

            // After every ancestor trigger that is written: from 15 an ALTER on a parent also changes its partitions.
            for (var parent = t.Parent; parent != 0; parent = parentOf.GetValueOrDefault(parent))
            {
                obj.DependsOn.Add(new CatalogId(CatalogId.PgTrigger, parent));
            }
        }
    }
}
