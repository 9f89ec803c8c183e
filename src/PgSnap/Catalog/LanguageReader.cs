using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Procedural languages that users created with CREATE LANGUAGE (not those of extensions, which the extension
/// brings back). Database-wide objects, so left out when -n or -t narrows the dump, as pg_dump does.
/// </summary>
internal static class LanguageReader
{
    public static async Task<IReadOnlyList<LanguageRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        if (session.IsSelective)
        {
            return [];
        }

        var rows = await session.QueryAsync(
            $"""
            SELECT l.oid, l.lanname, l.lanpltrusted, l.lanplcallfoid::pg_catalog.regproc::text,
                   NULLIF(l.laninline, 0)::pg_catalog.regproc::text, NULLIF(l.lanvalidator, 0)::pg_catalog.regproc::text,
                   pg_catalog.pg_get_userbyid(l.lanowner), l.lanacl::text[],
                   COALESCE(ip.initprivs, pg_catalog.acldefault('l', l.lanowner))::text[]
            FROM pg_catalog.pg_language l
            LEFT JOIN pg_catalog.pg_init_privs ip ON ip.objoid = l.oid AND ip.classoid = 'pg_catalog.pg_language'::pg_catalog.regclass AND ip.objsubid = 0
            WHERE l.lanispl AND l.oid >= {CatalogId.FirstNormalObjectId}
            ORDER BY l.lanname
            """,
            r => new LanguageRecord(r.Oid(0), r.GetString(1), r.GetBoolean(2), r.GetString(3), r.Str(4), r.Str(5), r.GetString(6), r.Arr(7), r.Arr(8),
                session.DescriptionOf(CatalogId.PgLanguage, r.Oid(0))),
            ct);
        return [.. rows.Where(l => !session.IsExtensionMember(CatalogId.PgLanguage, l.Oid))];
    }
}
