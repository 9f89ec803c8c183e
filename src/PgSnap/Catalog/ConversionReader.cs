using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>User encoding conversions of dumped schemas.</summary>
internal static class ConversionReader
{
    public static async Task<IReadOnlyList<ConversionRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        var rows = await session.QueryAsync(
            """
            SELECT c.oid, n.nspname, c.conname, pg_catalog.pg_get_userbyid(c.conowner), pg_catalog.pg_encoding_to_char(c.conforencoding),
                   pg_catalog.pg_encoding_to_char(c.contoencoding), c.conproc::pg_catalog.regproc::text, c.condefault
            FROM pg_catalog.pg_conversion c JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
            WHERE c.connamespace = ANY(@schemas) ORDER BY n.nspname, c.conname
            """,
            r => new ConversionRecord(r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetBoolean(7),
                session.DescriptionOf(CatalogId.PgConversion, r.Oid(0))),
            ct,
            ("schemas", session.DumpedSchemaOids));
        return [.. rows.Where(c => !session.IsExtensionMember(CatalogId.PgConversion, c.Oid))];
    }
}
