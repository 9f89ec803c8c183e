using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Transforms (CREATE TRANSFORM FOR type LANGUAGE lang): database-wide, so left out when -n or -t narrows the
/// dump; those of extensions come back with their extension.
/// </summary>
internal static class TransformReader
{
    public static async Task<IReadOnlyList<TransformRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        if (session.IsSelective)
        {
            return [];
        }

        var rows = await session.QueryAsync(
            $"""
            SELECT t.oid, pg_catalog.format_type(t.trftype, NULL), l.lanname,
                   NULLIF(t.trffromsql, 0)::pg_catalog.regprocedure::text, NULLIF(t.trftosql, 0)::pg_catalog.regprocedure::text
            FROM pg_catalog.pg_transform t JOIN pg_catalog.pg_language l ON l.oid = t.trflang
            WHERE t.oid >= {CatalogId.FirstNormalObjectId}
            ORDER BY 2, 3
            """,
            r => new TransformRecord(r.Oid(0), r.GetString(1), r.GetString(2), r.Str(3), r.Str(4), session.DescriptionOf(CatalogId.PgTransform, r.Oid(0))),
            ct);
        return [.. rows.Where(t => !session.IsExtensionMember(CatalogId.PgTransform, t.Oid))];
    }
}
