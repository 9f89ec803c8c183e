using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// A partition's clones of its parents' triggers are made by the parents' CREATE TRIGGER, so they are not dumped
/// themselves; what is a clone's own (its enable state, its comment and labels) is read here and written after its
/// parent's trigger (Emit/TriggerEmitter.cs).
/// </summary>
internal static class PartitionTriggerReader
{
    /// <param name="relations">The relations whose definitions are dumped.</param>
    public static async Task<List<PartitionTriggerRecord>> ReadAsync(CatalogSession session, IEnumerable<uint> relations, CancellationToken ct)
    {
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
            ("rels", relations.ToArray()));
        var parentOf = clones.ToDictionary(c => c.Oid, c => c.Parent);
        var records = new List<PartitionTriggerRecord>(clones.Count);
        foreach (var t in clones)
        {
            // Every ancestor trigger of the dump: from 15 an ALTER on a parent also changes its partitions.
            var ancestors = new List<uint>();
            for (var parent = t.Parent; parent != 0; parent = parentOf.GetValueOrDefault(parent))
            {
                ancestors.Add(parent);
            }

            records.Add(new PartitionTriggerRecord(t.Oid, t.Rel, t.Name, t.Enabled, t.ParentEnabled, ancestors, session.DescriptionOf(CatalogId.PgTrigger, t.Oid)));
        }

        return records;
    }
}
