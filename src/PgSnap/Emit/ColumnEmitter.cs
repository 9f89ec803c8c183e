using System.Text;
using PgSnap.Catalog;
using PgSnap.Ddl;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// What a column needs beyond its CREATE line: the NOT NULL clause of that line, the per-column ALTERs a CREATE
/// cannot say (statistics, storage, compression, options, an inherited column's own NOT NULL), and its DEFAULT object.
/// </summary>
internal static class ColumnEmitter
{
    /// <summary>
    /// The column's NOT NULL clause for a CREATE TABLE column line, or null when the CREATE must not carry it: before
    /// 18 simply NOT NULL; from 18 with the constraint's name when it is not the server's default
    /// (<c>table_column_not_null</c>) and NO INHERIT, and only when the constraint is this table's own (an inherited
    /// one comes from the parent) or the table is a partition (created standalone, then attached). A NOT VALID one
    /// is added after the data instead.
    /// </summary>
    public static string? NotNullClause(ColumnRecord column, string tableName, bool isPartition, Quoting quoting)
    {
        if (!column.NotNull)
        {
            return null;
        }

        if (column.NotNullConstraint is not { } nn)
        {
            return "NOT NULL";
        }

        if (!nn.Validated || !(nn.IsLocal || isPartition))
        {
            return null;
        }

        var named = nn.Name == tableName + "_" + column.Name + "_not_null" ? "NOT NULL" : "CONSTRAINT " + quoting.Ident(nn.Name) + " NOT NULL";
        return nn.NoInherit ? named + " NO INHERIT" : named;
    }

    /// <summary>ALTER TABLE ONLY … ALTER COLUMN statements for what the CREATE cannot say.</summary>
    /// <param name="withCompression">False under --no-toast-compression: columns take the target's default_toast_compression.</param>
    public static void AppendAlterations(StringBuilder sb, Quoting q, RelationRecord rel, string qn, IReadOnlyList<ColumnRecord> cols, bool withCompression)
    {
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

            if (withCompression && c.Compression is 'p' or 'l')
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

    /// <summary>The column's DEFAULT as its own object (a view's too: ALTER VIEW … SET DEFAULT).</summary>
    public static DumpObject Default(RelationRecord rel, string qn, ColumnRecord c, EmitContext context)
    {
        var col = context.Quoting.Ident(c.Name);
        var keyword = rel.Kind == 'v' ? "VIEW" : "TABLE";
        var obj = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgAttrdef, c.DefaultOid),
            Kind = "DEFAULT",
            Schema = rel.Schema,
            Name = rel.Name + " " + c.Name,
            Owner = rel.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.AttributeDefault,
            Sql = "ALTER " + keyword + (rel.Kind == 'v' ? " " : " ONLY ") + qn + " ALTER COLUMN " + col + " SET DEFAULT " + c.DefaultExpr + ";\n",
            DropSql = "ALTER " + keyword + (context.Options.IfExists ? " IF EXISTS" : string.Empty) + " " + qn + " ALTER COLUMN " + col + " DROP DEFAULT;\n",
        };
        obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Oid));
        return obj;
    }
}
