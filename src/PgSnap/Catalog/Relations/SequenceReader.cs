using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads sequences (parameters, owning column, identity owner, current value) into records
/// (Emit/SequenceEmitter.cs writes them).
/// </summary>
internal static class SequenceReader
{
    /// <param name="relById">The relations whose definitions are dumped: an owning table among them is named in the record.</param>
    public static async Task<Dictionary<uint, SequenceRecord>> ReadAsync(CatalogSession session, uint[] oids, IReadOnlyDictionary<uint, RelationRecord> relById, CancellationToken ct)
    {
        var rows = await session.QueryAsync(
            """
            SELECT s.seqrelid, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle,
                   d.refobjid, a.attname, d.deptype::text, a.attidentity::text, n.nspname, c.relname, t.relpersistence::text
            FROM pg_catalog.pg_sequence s
            JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = s.seqrelid
                 AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')
            LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            LEFT JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
            WHERE s.seqrelid = ANY(@oids)
            """,
            r =>
            {
                var owned = r.IsDBNull(8)
                    ? null
                    : new SequenceOwner(
                        r.Oid(8), r.GetString(9), ColumnReader.FirstChar(r.GetString(11)), r.GetString(14)[0],
                        relById.TryGetValue(r.Oid(8), out var table) ? new QualifiedRelationName(table.Schema, table.Name) : null);
                var isIdentity = !r.IsDBNull(10) && r.GetString(10) == "i";
                return new SequenceRecord(
                    r.Oid(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetBoolean(7),
                    isIdentity ? null : owned, isIdentity ? owned : null, 0, false, r.GetString(12), r.GetString(13), session.ServerVersion >= 150000);
            },
            ct,
            ("oids", oids));

        // Values in one round trip per batch: pg_dump reads each sequence with its own SELECT.
        var result = new Dictionary<uint, SequenceRecord>();
        var q = session.Quoting;
        foreach (var chunk in rows.Chunk(200))
        {
            var sql = string.Join(
                "\nUNION ALL ",
                chunk.Select((s, i) => $"SELECT {i.ToString(System.Globalization.CultureInfo.InvariantCulture)}, last_value, is_called FROM {q.Qualified(s.Schema, s.Name)}"));
            var values = await session.QueryAsync(sql, r => (Index: r.GetInt32(0), Last: r.GetInt64(1), Called: r.GetBoolean(2)), ct);
            foreach (var (index, last, called) in values)
            {
                var s = chunk[index];
                result[s.Oid] = s with { LastValue = last, IsCalled = called };
            }
        }

        return result;
    }
}
