using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads installed extensions (not the built-in plpgsql). Their member objects are never dumped one by one:
/// CREATE EXTENSION brings them back. Only those <see cref="ExtensionSelection"/> chose (-e, --exclude-extension;
/// none when -n or -t narrow the dump, as in pg_dump).
/// </summary>
internal static class ExtensionReader
{
    public static async Task<IReadOnlyList<ExtensionRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        if (session.DumpedExtensions.Count == 0)
        {
            return [];
        }

        return await session.QueryAsync(
            """
            SELECT e.oid, e.extname, n.nspname, e.extnamespace
            FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
            WHERE e.oid = ANY(@oids)
            ORDER BY e.extname
            """,
            r => new ExtensionRecord(r.Oid(0), r.GetString(1), r.GetString(2), r.Oid(3), session.DescriptionOf(CatalogId.PgExtension, r.Oid(0))),
            ct,
            ("oids", session.DumpedExtensions.ToArray()));
    }
}
