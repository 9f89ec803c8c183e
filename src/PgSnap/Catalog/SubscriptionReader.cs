using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Subscriptions of the current database (Emit/SubscriptionEmitter writes them with connect = false, so the restored
/// subscription is disabled and has to be enabled by hand). Only a superuser can read the connection strings, so, like pg_dump, other users get
/// none; --no-subscriptions and -n/-t leave them out too.
/// </summary>
internal static class SubscriptionReader
{
    public static async Task<IReadOnlyList<SubscriptionRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        if (session.Options.NoSubscriptions || session.IsSelective)
        {
            return [];
        }

        var isSuperuser = await session.QueryAsync(
            "SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user", r => r.GetBoolean(0), ct).ConfigureAwait(false);
        if (isSuperuser is not [true])
        {
            return [];
        }

        var v = session.ServerVersion;
        var rows = await session.QueryAsync(
            $"""
            SELECT s.oid, s.subname, pg_catalog.pg_get_userbyid(s.subowner), s.subconninfo, s.subslotname, s.subpublications,
                   {(v >= 140000 ? "s.subbinary" : "false")},
                   {(v >= 160000 ? "s.substream::text" : v >= 140000 ? "CASE WHEN s.substream THEN 't' ELSE 'f' END" : "'f'")},
                   {(v >= 150000 ? "s.subtwophasestate::text" : "'d'")}, {(v >= 150000 ? "s.subdisableonerr" : "false")},
                   {(v >= 160000 ? "s.subpasswordrequired" : "true")}, {(v >= 160000 ? "s.subrunasowner" : "false")},
                   {(v >= 160000 ? "s.suborigin" : "'any'")}, {(v >= 170000 ? "s.subfailover" : "false")}, s.subsynccommit
            FROM pg_catalog.pg_subscription s
            WHERE s.subdbid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
            ORDER BY s.subname
            """,
            r => new SubscriptionRecord(
                r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.Str(4), r.GetFieldValue<string[]>(5), r.GetBoolean(6),
                r.GetString(7)[0], r.GetString(8)[0], r.GetBoolean(9), r.GetBoolean(10), r.GetBoolean(11), r.GetString(12),
                r.GetBoolean(13), r.GetString(14), session.DescriptionOf(CatalogId.PgSubscription, r.Oid(0))),
            ct);
        return rows;
    }
}
