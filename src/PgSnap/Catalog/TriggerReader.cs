using PgSnap.Dump;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads user triggers (including constraint triggers) of dumped tables with their ENABLE/DISABLE state into records
/// (Emit/TriggerEmitter.cs writes them). Triggers a partition inherits from its parent are left out: the parent's
/// trigger recreates them (<see cref="PartitionTriggerReader"/> keeps their own states and comments).
/// With the Supabase profile, triggers on platform tables (auth.users…) that call a dumped function are kept.
/// </summary>
internal static class TriggerReader
{
    /// <param name="relations">The relations whose definitions are dumped.</param>
    public static Task<List<TriggerRecord>> ReadAsync(CatalogSession session, IEnumerable<uint> relations, CancellationToken ct)
    {
        var parent = session.ServerVersion >= 130000 ? "t.tgparentid = 0" : "true";
        var supabase = session.Options.Profile == DumpProfile.Supabase && !session.IsSelective;
        return session.QueryAsync(
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
            r => new TriggerRecord(
                r.Oid(0), r.Oid(1), r.GetString(2), r.GetString(3), r.GetString(4)[0], r.GetString(5), r.GetString(6), r.GetString(7), r.Oid(8), r.GetString(9)[0],
                session.DescriptionOf(CatalogId.PgTrigger, r.Oid(0))),
            ct,
            ("rels", relations.ToArray()),
            ("supabase", supabase),
            ("schemas", session.DumpedSchemaOids));
    }
}
