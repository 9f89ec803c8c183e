using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>User collations of dumped schemas (libc and ICU, deterministic or not), version-aware for 13–18.</summary>
internal static class CollationReader
{
    public static async Task<IReadOnlyList<CollationRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        var v = session.ServerVersion;
        var icuLocale = v >= 170000 ? "c.colllocale" : v >= 150000 ? "c.colliculocale" : "NULL::text";
        var rules = v >= 160000 ? "c.collicurules" : "NULL::text";
        var rows = await session.QueryAsync(
            $"""
            SELECT c.oid, n.nspname, c.collname, pg_catalog.pg_get_userbyid(c.collowner), c.collprovider::text, c.collisdeterministic,
                   c.collcollate, c.collctype, {icuLocale}, {rules}, c.collencoding
            FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
            WHERE c.collnamespace = ANY(@schemas) ORDER BY n.nspname, c.collname
            """,
            r => new CollationRecord(
                r.Oid(0),
                r.GetString(1),
                r.GetString(2),
                r.GetString(3),
                new CollationDefinition(r.GetString(4)[0], r.Str(6), r.Str(7), r.Str(8), r.Str(9), r.GetBoolean(5), r.GetInt32(10)),
                session.DescriptionOf(CatalogId.PgCollation, r.Oid(0))),
            ct,
            ("schemas", session.DumpedSchemaOids));
        return [.. rows.Where(c => !session.IsExtensionMember(CatalogId.PgCollation, c.Oid))];
    }
}
