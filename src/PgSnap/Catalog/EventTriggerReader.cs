using PgSnap.Dump;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Event triggers. The Supabase profile leaves them out, as the Supabase CLI does: the platform installs its own.
/// Database-wide, so left out when -n or -t narrows the dump.
/// </summary>
internal static class EventTriggerReader
{
    public static async Task<IReadOnlyList<EventTriggerRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        if (session.IsSelective || session.Options.Profile == DumpProfile.Supabase)
        {
            return [];
        }

        var rows = await session.QueryAsync(
            """
            SELECT e.oid, e.evtname, e.evtevent, pg_catalog.pg_get_userbyid(e.evtowner), e.evtfoid::pg_catalog.regproc::text, e.evtenabled::text, e.evttags, e.evtfoid
            FROM pg_catalog.pg_event_trigger e ORDER BY e.evtname
            """,
            r => new EventTriggerRecord(r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.Oid(7), r.GetString(5)[0], r.Arr(6),
                session.DescriptionOf(CatalogId.PgEventTrigger, r.Oid(0))),
            ct);
        return [.. rows.Where(e => !session.IsExtensionMember(CatalogId.PgEventTrigger, e.Oid))];
    }
}
