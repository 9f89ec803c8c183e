using System.Text;
using PgSnap.Ddl;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Reads the columns of relations (type, nullability, identity, generation, collation, storage, statistics,
/// options, privileges, default) and writes what a CREATE cannot say inline: per-column ALTERs and DEFAULTs.
/// </summary>
internal static class ColumnReader
{
    public static async Task<Dictionary<uint, List<ColumnRow>>> ReadAsync(CatalogSession session, uint[] oids, CancellationToken ct)
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
            r => new ColumnRow(
                r.Oid(0), r.GetInt16(1), r.GetString(2), r.GetString(3), r.GetBoolean(4), FirstChar(r.GetString(5)), FirstChar(r.GetString(6)),
                r.GetBoolean(7), r.Str(8), r.Str(9), r.GetString(10)[0], r.GetString(11)[0], r.GetInt32(12), r.Arr(13), r.Arr(14), r.Arr(15),
                r.Str(16), r.Oid(17), FirstChar(r.Str(18) ?? string.Empty),
                r.IsDBNull(19) ? null : new NotNullConstraint(r.Oid(19), r.GetString(20), r.GetBoolean(21), r.GetBoolean(22), r.GetBoolean(23))),
            ct,
            ("oids", oids));
        return rows.GroupBy(c => c.RelOid).ToDictionary(g => g.Key, g => g.ToList());
    }

    public static void AppendAlterations(CatalogSession session, StringBuilder sb, RelRow rel, string qn, List<ColumnRow> cols)
    {
        var q = session.Quoting;
        foreach (var c in cols)
        {
            var col = q.Ident(c.Name);
            if (!c.IsLocal && !rel.IsPartition && c.NotNull && c.NotNullConstraint is null)
            {
                // An inherited column that is NOT NULL only here: the parent's definition does not carry it.
                sb.Append("ALTER TABLE ONLY ").Append(qn).Append(" ALTER COLUMN ").Append(col).Append(" SET NOT NULL;\n");
            }

            if (c.StatTarget >= 0)
            {
                sb.Append("ALTER TABLE ONLY ").Append(qn).Append(" ALTER COLUMN ").Append(col).Append(" SET STATISTICS ")
                  .Append(c.StatTarget.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(";\n");
            }

            if (c.Storage != c.TypeStorage)
            {
                var storage = c.Storage switch { 'p' => "PLAIN", 'e' => "EXTERNAL", 'm' => "MAIN", _ => "EXTENDED" };
                sb.Append("ALTER TABLE ONLY ").Append(qn).Append(" ALTER COLUMN ").Append(col).Append(" SET STORAGE ").Append(storage).Append(";\n");
            }

            if (c.Compression is 'p' or 'l')
            {
                sb.Append("ALTER TABLE ONLY ").Append(qn).Append(" ALTER COLUMN ").Append(col).Append(" SET COMPRESSION ")
                  .Append(c.Compression == 'p' ? "pglz" : "lz4").Append(";\n");
            }

            var options = ServerManagedColumnOptions.UserSet(c.Options);
            if (options.Length > 0)
            {
                sb.Append("ALTER TABLE ONLY ").Append(qn).Append(" ALTER COLUMN ").Append(col).Append(" SET (")
                  .Append(string.Join(", ", options)).Append(");\n");
            }
        }
    }


    public static void AddDefault(CatalogSession session, PlanBuilder plan, RelRow rel, string qn, ColumnRow c)
    {
        var col = session.Quoting.Ident(c.Name);
        var keyword = rel.Kind == 'v' ? "VIEW" : "TABLE";
        var obj = plan.Add(new DumpObject
        {
            Id = new CatalogId(CatalogId.PgAttrdef, c.DefaultOid),
            Kind = "DEFAULT",
            Schema = rel.Schema,
            Name = rel.Name + " " + c.Name,
            Owner = rel.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.AttributeDefault,
            Sql = "ALTER " + keyword + (rel.Kind == 'v' ? " " : " ONLY ") + qn + " ALTER COLUMN " + col + " SET DEFAULT " + c.DefaultExpr + ";\n",
            DropSql = "ALTER " + keyword + (session.Options.IfExists ? " IF EXISTS" : string.Empty) + " " + qn + " ALTER COLUMN " + col + " DROP DEFAULT;\n",
        });
        obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Oid));
    }

    public static char FirstChar(string s) => s.Length == 0 ? '\0' : s[0];
}

internal sealed record ColumnRow(
    uint RelOid, short Number, string Name, string Type, bool NotNull, char Identity, char Generated, bool IsLocal,
    string? CollationName, string? CollationSchema, char Storage, char TypeStorage, int StatTarget, string[]? Options,
    string[]? FdwOptions, string[]? Acl, string? DefaultExpr, uint DefaultOid, char Compression, NotNullConstraint? NotNullConstraint)
{
    /// <summary>
    /// The column's NOT NULL clause for a CREATE TABLE column line, or null when the CREATE must not carry it: before
    /// 18 simply NOT NULL; from 18 with the constraint's name when it is not the server's default
    /// (<c>table_column_not_null</c>) and NO INHERIT, and only when the constraint is this table's own (an inherited
    /// one comes from the parent) or the table is a partition (created standalone, then attached). A NOT VALID one
    /// is added after the data instead.
    /// </summary>
    public string? NotNullClause(string tableName, bool isPartition, Ddl.Quoting quoting)
    {
        if (!NotNull)
        {
            return null;
        }

        if (NotNullConstraint is not { } nn)
        {
            return "NOT NULL";
        }

        if (!nn.Validated || !(nn.IsLocal || isPartition))
        {
            return null;
        }

        var named = nn.Name == tableName + "_" + Name + "_not_null" ? "NOT NULL" : "CONSTRAINT " + quoting.Ident(nn.Name) + " NOT NULL";
        return nn.NoInherit ? named + " NO INHERIT" : named;
    }
}

/// <summary>A PostgreSQL 18+ NOT NULL constraint row of one column.</summary>
internal sealed record NotNullConstraint(uint Oid, string Name, bool NoInherit, bool IsLocal, bool Validated)
{
    /// <summary>Inherited only through ancestors' NOT VALID constraints, made after the data (<see cref="InheritedNotNulls"/>).</summary>
    public bool MadeByAncestorsAfterData { get; init; }
}
