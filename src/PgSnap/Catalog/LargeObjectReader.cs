using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Large object metadata, in oid order; none under --no-large-objects or --schema-only, or when -n or -t narrows
/// the dump.
/// </summary>
internal static class LargeObjectReader
{
    public static async Task<IReadOnlyList<LargeObjectRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        if (session.Options.NoLargeObjects || session.IsSelective || session.Options.SchemaOnly)
        {
            return [];
        }

        return await session.QueryAsync(
            """
            SELECT l.oid, pg_catalog.pg_get_userbyid(l.lomowner), l.lomacl::text[], pg_catalog.acldefault('L', l.lomowner)::text[]
            FROM pg_catalog.pg_largeobject_metadata l ORDER BY l.oid
            """,
            r => new LargeObjectRecord(r.Oid(0), r.GetString(1), r.Arr(2), r.Arr(3), session.DescriptionOf(CatalogId.PgLargeObjectMetadata, r.Oid(0))),
            ct);
    }
}
