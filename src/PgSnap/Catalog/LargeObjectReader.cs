using System.Globalization;
using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Large object metadata: lo_create, owner, privileges and comments, in batches of 1000 per entry like
/// pg_dump 17's "BLOB METADATA" (one entry per object would swamp the table of contents). The content is
/// copied by the data engine.
/// </summary>
internal static class LargeObjectReader
{
    private const int BatchSize = 1000;

    public static async Task<List<DdlEntry>> ReadAsync(CatalogSession session, DumpSection section, CancellationToken ct)
    {
        var entries = new List<DdlEntry>();
        if (session.Options.NoLargeObjects || session.IsSelective || session.Options.SchemaOnly)
        {
            return entries;
        }

        var rows = await session.QueryAsync(
            """
            SELECT l.oid, pg_catalog.pg_get_userbyid(l.lomowner), l.lomacl::text[], pg_catalog.acldefault('L', l.lomowner)::text[]
            FROM pg_catalog.pg_largeobject_metadata l ORDER BY l.oid
            """,
            r => (Oid: r.Oid(0), Owner: r.GetString(1), Acl: r.Arr(2), Initial: r.Arr(3)),
            ct);
        foreach (var batch in rows.Chunk(BatchSize))
        {
            var sb = new StringBuilder();
            foreach (var lo in batch)
            {
                var id = lo.Oid.ToString(CultureInfo.InvariantCulture);
                sb.Append("SELECT pg_catalog.lo_create('").Append(id).Append("');\n");
                session.Decorations.Owner(sb, "LARGE OBJECT", id, lo.Owner);
                session.Decorations.Acl(sb, "LARGE OBJECT", id, null, lo.Acl, lo.Initial, of: new(CatalogId.PgLargeObjectMetadata, lo.Oid));
                session.EmittedLargeObjects.Add(lo.Oid);
                session.Describe(sb, "LARGE OBJECT", id, CatalogId.PgLargeObjectMetadata, lo.Oid);
            }

            var first = batch[0].Oid.ToString(CultureInfo.InvariantCulture);
            var last = batch[^1].Oid.ToString(CultureInfo.InvariantCulture);
            entries.Add(new DdlEntry(section, "BLOB METADATA", null, batch.Length == 1 ? first : first + ".." + last, batch[0].Owner, sb.ToString()));
        }

        return entries;
    }
}
