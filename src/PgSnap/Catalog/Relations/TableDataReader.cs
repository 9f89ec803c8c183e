using System.Text;
using PgSnap.Ddl;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>Lists the tables whose rows go into the data section, with the sizes the data engine splits by.</summary>
internal static class TableDataReader
{
    public static void Add(CatalogSession session, PlanBuilder plan, RelRow rel, List<ColumnRow> cols)
    {
        var q = session.Quoting;
        var columnList = string.Join(", ", cols.Where(c => c.Generated == '\0').Select(c => q.Ident(c.Name)));
        plan.TableData.Add(new TableDataEntry(
            rel.Schema,
            rel.Name,
            rel.Owner,
            q.Qualified(rel.Schema, rel.Name),
            columnList,
            rel.Oid,
            rel.RelTuples < 0 ? -1 : (long)rel.RelTuples,
            rel.RelPages,
            rel.SizeBytes,
            CanSplitByCtid: rel.Kind == 'r'));
    }

    public static async Task AddDataOnlyTablesAsync(CatalogSession session, PlanBuilder plan, uint[] oids, CancellationToken ct) =>
        await AddUncreatedTablesAsync(session, plan, oids, _ => null, ct);

    /// <summary>Extension configuration tables: the user rows (their condition applied) of tables the extension creates.</summary>
    public static async Task AddConfigurationTablesAsync(CatalogSession session, PlanBuilder plan, IReadOnlyDictionary<uint, string> conditions, CancellationToken ct) =>
        await AddUncreatedTablesAsync(session, plan, [.. conditions.Keys], oid => conditions[oid], ct);

    /// <summary>Tables whose rows are copied while their definitions are not dumped.</summary>
    private static async Task AddUncreatedTablesAsync(CatalogSession session, PlanBuilder plan, uint[] oids, Func<uint, string?> filter, CancellationToken ct)
    {
        var rows = await session.QueryAsync(
            """
            SELECT c.oid, n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner), c.reltuples::float8, c.relpages::int8,
                   pg_catalog.pg_relation_size(c.oid),
                   (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '')
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = ANY(@oids) ORDER BY n.nspname, c.relname
            """,
            r => (Oid: r.Oid(0), Schema: r.GetString(1), Name: r.GetString(2), Owner: r.GetString(3), Tuples: r.GetDouble(4), Pages: r.GetInt64(5), Size: r.GetInt64(6), Columns: r.Str(7) ?? string.Empty),
            ct,
            ("oids", oids));
        var q = session.Quoting;
        foreach (var r in rows)
        {
            var columns = session.Options.QuoteAllIdentifiers ? r.Columns : r.Columns;
            var condition = filter(r.Oid);
            plan.TableData.Add(new TableDataEntry(
                r.Schema, r.Name, r.Owner, q.Qualified(r.Schema, r.Name), columns, r.Oid, r.Tuples < 0 ? -1 : (long)r.Tuples, r.Pages, r.Size, condition is null, condition));
        }
    }
}
