using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads the columns of relations (type, nullability, identity, generation, collation, storage, statistics,
/// options, privileges, default, comment) into records.
/// </summary>
internal static class ColumnReader
{
    public static async Task<Dictionary<uint, List<ColumnRecord>>> ReadAsync(CatalogSession session, uint[] oids, CancellationToken ct)
    {
        var v = session.ServerVersion;
        var compression = v >= 140000 ? "a.attcompression::text" : "''";
        var statTarget = v >= 170000 ? "COALESCE(a.attstattarget, -1)::int4" : "a.attstattarget::int4";

        // From 18 a NOT NULL is a named pg_constraint row (inheritable, possibly NOT VALID or NO INHERIT).
        var notNull = v >= 180000
            ? "nn.oid, nn.conname, nn.connoinherit, nn.conislocal, nn.convalidated"
            : "NULL::pg_catalog.oid, NULL::pg_catalog.name, false, true, true";
        var notNullJoin = v >= 180000
            ? "LEFT JOIN pg_catalog.pg_constraint nn ON nn.conrelid = a.attrelid AND nn.contype = 'n' AND nn.conkey[1] = a.attnum"
            : string.Empty;
        var rows = await session.QueryAsync(
            $"""
            SELECT a.attrelid, a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   a.attidentity::text, a.attgenerated::text, a.attislocal,
                   CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, cn.nspname,
                   a.attstorage::text, t.typstorage::text, {statTarget}, a.attoptions, a.attfdwoptions, a.attacl::text[],
                   pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), ad.oid, {compression}, {notNull}
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
            LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
            LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
            {notNullJoin}
            WHERE a.attrelid = ANY(@oids) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attrelid, a.attnum
            """,
            r => new ColumnRecord(
                r.Oid(0), r.GetInt16(1), r.GetString(2), r.GetString(3), r.GetBoolean(4), FirstChar(r.GetString(5)), FirstChar(r.GetString(6)),
                r.GetBoolean(7), r.Str(8), r.Str(9), r.GetString(10)[0], r.GetString(11)[0], r.GetInt32(12), r.Arr(13), r.Arr(14), r.Arr(15),
                r.Str(16), r.Oid(17), FirstChar(r.Str(18) ?? string.Empty),
                r.IsDBNull(19) ? null : new NotNullConstraintRecord(r.Oid(19), r.GetString(20), r.GetBoolean(21), r.GetBoolean(22), r.GetBoolean(23))),
            ct,
            ("oids", oids));
        return rows.GroupBy(c => c.RelOid).ToDictionary(
            g => g.Key,
            g => g.Select(c => c with
            {
                Description = session.DescriptionOf(CatalogId.PgClass, c.RelOid, c.Number),
                NotNullConstraint = c.NotNullConstraint is { } nn ? nn with { Description = session.DescriptionOf(CatalogId.PgConstraint, nn.Oid) } : null,
            }).ToList());
    }

    public static char FirstChar(string s) => s.Length == 0 ? '\0' : s[0];
}
