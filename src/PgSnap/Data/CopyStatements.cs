using System.Globalization;
using System.Text;

namespace PgSnap.Data;

/// <summary>The SQL text of the data path: what the workers run, and what the archive's blocks say.</summary>
internal static class CopyStatements
{
    /// <summary>
    /// The COPY that reads a slice. A whole ordinary table uses <c>COPY t (cols) TO STDOUT</c>; a ctid range, a
    /// partitioned parent or a foreign table goes through <c>SELECT … FROM ONLY t</c> (ONLY: an inheritance
    /// parent's COPY never includes its children's rows, which are dumped as their own tables), as does an extension
    /// configuration table, whose condition picks the user's rows.
    /// </summary>
    public static string CopyOut(TableSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var table = slice.Table.Entry;
        if (slice.IsWholeTable && table.CanSplitByCtid && table.Filter is null)
        {
            return table.ColumnList.Length == 0
                ? $"COPY {table.QualifiedName} TO STDOUT"
                : $"COPY {table.QualifiedName} ({table.ColumnList}) TO STDOUT";
        }

        var sql = new StringBuilder("COPY (SELECT ").Append(table.ColumnList).Append(" FROM ONLY ").Append(table.QualifiedName);
        if (slice.StartPage is { } start)
        {
            sql.Append(CultureInfo.InvariantCulture, $" WHERE ctid >= '({start},0)'::pg_catalog.tid");
        }

        if (slice.EndPage is { } end)
        {
            sql.Append(slice.StartPage is null ? " WHERE" : " AND").Append(CultureInfo.InvariantCulture, $" ctid < '({end},0)'::pg_catalog.tid");
        }

        // An extension configuration table (never split) keeps only its user rows, as pg_dump: the condition
        // follows the table name as the extension wrote it.
        if (!string.IsNullOrEmpty(table.Filter))
        {
            sql.Append(' ').Append(table.Filter);
        }

        return sql.Append(") TO STDOUT").ToString();
    }

    /// <summary>The statement that starts a data block's rows: <c>COPY t (cols) FROM stdin;</c>.</summary>
    public static string CopyIn(Model.TableDataEntry table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.ColumnList.Length == 0
            ? $"COPY {table.QualifiedName} FROM stdin;\n"
            : $"COPY {table.QualifiedName} ({table.ColumnList}) FROM stdin;\n";
    }

    public static string DisableTriggers(Model.TableDataEntry table) => $"ALTER TABLE {table.QualifiedName} DISABLE TRIGGER ALL;\n";

    public static string EnableTriggers(Model.TableDataEntry table) => $"ALTER TABLE {table.QualifiedName} ENABLE TRIGGER ALL;\n";
}
