using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Objects marked <c>ALTER … DEPENDS ON EXTENSION</c> (pg_depend 'x': functions, procedures, triggers, materialized
/// views, indexes), whoever dumps them; <see cref="Emit.ExtensionDependencyEmitter"/> appends the statement to the
/// blocks the dump creates.
/// </summary>
internal static class ExtensionDependencyReader
{
    public static async Task<IReadOnlyList<ExtensionDependencyRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        var rows = await session.QueryAsync(
            """
            WITH x AS (
                SELECT d.classid, d.objid, e.oid AS ext, e.extname FROM pg_catalog.pg_depend d
                JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
                WHERE d.deptype = 'x' AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
            )
            SELECT x.classid, x.objid, x.ext, x.extname, CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, n.nspname, p.proname,
                   pg_catalog.pg_get_function_identity_arguments(p.oid), NULL
            FROM x JOIN pg_catalog.pg_proc p ON x.classid = p.tableoid AND p.oid = x.objid JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            WHERE p.prokind <> 'a'
            UNION ALL
            SELECT x.classid, x.objid, x.ext, x.extname, CASE WHEN c.relkind = 'm' THEN 'MATERIALIZED VIEW' ELSE 'INDEX' END, n.nspname, c.relname, NULL, NULL
            FROM x JOIN pg_catalog.pg_class c ON x.classid = c.tableoid AND c.oid = x.objid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('m', 'i', 'I')
            UNION ALL
            SELECT x.classid, x.objid, x.ext, x.extname, 'TRIGGER', n.nspname, t.tgname, NULL, c.relname
            FROM x JOIN pg_catalog.pg_trigger t ON x.classid = t.tableoid AND t.oid = x.objid
            JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            ORDER BY 1, 2, 4
            """,
            r => new ExtensionDependencyRecord(new CatalogId(r.Oid(0), r.Oid(1)), r.Oid(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.Str(7), r.Str(8)),
            ct);
        return rows;
    }
}
