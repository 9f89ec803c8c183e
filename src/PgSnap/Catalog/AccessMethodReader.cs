using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Table and index access methods created with CREATE ACCESS METHOD (not built-in ones, not those of
/// extensions). Database-wide, so left out when -n or -t narrows the dump, as pg_dump does.
/// </summary>
internal static class AccessMethodReader
{
    public static async Task<IReadOnlyList<AccessMethodRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        if (session.IsSelective)
        {
            return [];
        }

        var rows = await session.QueryAsync(
            $"""
            SELECT a.oid, a.amname, a.amtype::text, a.amhandler::pg_catalog.regproc::text
            FROM pg_catalog.pg_am a WHERE a.oid >= {CatalogId.FirstNormalObjectId} ORDER BY a.amname
            """,
            r => new AccessMethodRecord(r.Oid(0), r.GetString(1), r.GetString(2)[0], r.GetString(3), session.DescriptionOf(CatalogId.PgAm, r.Oid(0))),
            ct);
        return [.. rows.Where(a => !session.IsExtensionMember(CatalogId.PgAm, a.Oid))];
    }
}
