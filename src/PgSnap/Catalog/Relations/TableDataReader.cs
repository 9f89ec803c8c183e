using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads the tables whose rows are copied while their definitions are not dumped (data-only selections, extension
/// configuration tables), with the sizes the data engine splits by. Dumped tables' rows come from their records.
/// </summary>
internal static class TableDataReader
{
    /// <param name="condition">An extension configuration table's row filter, or null.</param>
    public static async Task<List<TableDataRecord>> ReadUncreatedAsync(CatalogSession session, uint[] oids, Func<uint, string?> condition, CancellationToken ct)
    {
        var rows = await session.QueryAsync(
            """
            SELECT c.oid, n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner), c.reltuples::float8, c.relpages::int8,
                   pg_catalog.pg_relation_size(c.oid),
                   ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum)
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = ANY(@oids) ORDER BY n.nspname, c.relname
            """,
            r => new TableDataRecord(r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.Arr(7) ?? [], r.GetDouble(4), r.GetInt64(5), r.GetInt64(6), Created: false),
            ct,
            ("oids", oids));
        return [.. rows.Select(r => r with { Condition = condition(r.Oid) })];
    }
}
