using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads the post-data objects that hang off dumped tables into records: primary key / unique / exclusion
/// constraints, foreign keys, indexes and statistics objects (Emit/IndexEmitter.cs writes them).
/// </summary>
internal static class IndexReader
{
    /// <param name="relations">The relations whose definitions are dumped.</param>
    public static async Task<IndexSet> ReadAsync(CatalogSession session, IEnumerable<uint> relations, CancellationToken ct)
    {
        var oids = relations.ToArray();
        var statTarget = session.ServerVersion >= 170000 ? "COALESCE(s.stxstattarget, -1)::int4" : "s.stxstattarget::int4";
        List<KeyConstraintRecord> constraints = [];
        List<IndexRecord> indexes = [];
        List<StatisticsRecord> statistics = [];

        // Three independent queries, one round trip.
        await session.QueryBatchAsync(
            ct,
            CatalogQuery.Into(
            constraints,
            """
            SELECT co.oid, co.conrelid, co.conname, co.contype::text, pg_catalog.pg_get_constraintdef(co.oid), co.conindid, co.conparentid
            FROM pg_catalog.pg_constraint co
            WHERE co.conrelid = ANY(@oids) AND co.contype IN ('p', 'u', 'x', 'f')
            ORDER BY co.conname
            """,
            r => new KeyConstraintRecord(
                r.Oid(0), r.Oid(1), r.GetString(2), r.GetString(3)[0], r.GetString(4), r.Oid(5), r.Oid(6), session.DescriptionOf(CatalogId.PgConstraint, r.Oid(0))),
            ("oids", oids)),
            CatalogQuery.Into(
            indexes,
            """
            SELECT i.indexrelid, i.indrelid, c.relname, pg_catalog.pg_get_indexdef(i.indexrelid), i.indisclustered, i.indisreplident,
                   (SELECT h.inhparent FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid), c.reloptions,
                   (SELECT pg_catalog.array_agg(a.attnum::text || '=' || a.attstattarget::text ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                     WHERE a.attrelid = i.indexrelid AND a.attstattarget > 0),
                   (SELECT sp.spcname FROM pg_catalog.pg_tablespace sp WHERE sp.oid = c.reltablespace)
            FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
            JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
            WHERE i.indrelid = ANY(@oids) AND (i.indisvalid OR t.relkind = 'p')
            ORDER BY c.relname
            """,
            r => new IndexRecord(
                r.Oid(0), r.Oid(1), r.GetString(2), r.GetString(3), r.GetBoolean(4), r.GetBoolean(5), r.Oid(6),
                [.. (r.Arr(8) ?? []).Select(s => s.Split('=')).Select(p => new IndexColumnStatistics(p[0], p[1]))], r.Str(9),
                session.DescriptionOf(CatalogId.PgClass, r.Oid(0))),
            ("oids", oids)),
            CatalogQuery.Into(
            statistics,
            $"""
            SELECT s.oid, n.nspname, s.stxname, pg_catalog.pg_get_userbyid(s.stxowner), pg_catalog.pg_get_statisticsobjdef(s.oid), {statTarget}, s.stxrelid
            FROM pg_catalog.pg_statistic_ext s JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace
            WHERE s.stxrelid = ANY(@oids)
            """,
            r => new StatisticsRecord(
                r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5), r.Oid(6), session.DescriptionOf(CatalogId.PgStatisticExt, r.Oid(0))),
            ("oids", oids))).ConfigureAwait(false);
        return new IndexSet(constraints, indexes, statistics);
    }
}
