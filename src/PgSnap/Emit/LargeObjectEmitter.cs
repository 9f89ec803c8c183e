using System.Globalization;
using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// Large object metadata: lo_create, owner, privileges, comment and labels, in batches of 1000 per entry like
/// pg_dump 17's "BLOB METADATA" (one entry per object would swamp the table of contents).
/// </summary>
internal static class LargeObjectEmitter
{
    private const int BatchSize = 1000;

    /// <param name="section">Pre-data, or data in a data-only dump.</param>
    public static List<DdlEntry> Emit(IReadOnlyList<LargeObjectRecord> largeObjects, DumpSection section, EmitContext context)
    {
        var entries = new List<DdlEntry>();
        foreach (var batch in largeObjects.Chunk(BatchSize))
        {
            var sb = new StringBuilder();
            foreach (var lo in batch)
            {
                var id = lo.Oid.ToString(CultureInfo.InvariantCulture);
                sb.Append("SELECT pg_catalog.lo_create('").Append(id).Append("');\n");
                context.Decorations.Owner(sb, "LARGE OBJECT", id, lo.Owner);
                context.Decorations.Acl(sb, "LARGE OBJECT", id, null, lo.Acl, lo.DefaultAcl, of: new(CatalogId.PgLargeObjectMetadata, lo.Oid));
                context.EmittedLargeObjects.Add(lo.Oid);
                context.Describe(sb, "LARGE OBJECT", id, lo.Description);
            }

            var first = batch[0].Oid.ToString(CultureInfo.InvariantCulture);
            var last = batch[^1].Oid.ToString(CultureInfo.InvariantCulture);
            entries.Add(new DdlEntry(section, "BLOB METADATA", null, batch.Length == 1 ? first : first + ".." + last, batch[0].Owner, sb.ToString()));
        }

        return entries;
    }
}
