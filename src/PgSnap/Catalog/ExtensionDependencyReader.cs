using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Objects marked <c>ALTER … DEPENDS ON EXTENSION</c> (pg_depend 'x': functions, procedures, triggers, materialized
/// views, indexes): each dumped one ends with that statement for each such extension, as pg_dump appends it to the
/// object's entry, waits for the extension, and lists the extension in <see cref="DumpObject.ExtensionDependencies"/>.
/// </summary>
internal static class ExtensionDependencyReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
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
            r => (Id: new CatalogId(r.Oid(0), r.Oid(1)), Extension: r.Oid(2), ExtensionName: r.GetString(3), Keyword: r.GetString(4), Schema: r.GetString(5),
                  Name: r.GetString(6), Arguments: r.Str(7), Table: r.Str(8)),
            ct);
        if (rows.Count == 0)
        {
            return;
        }

        // The object that creates the row (not a refresh or privileges-only block that shares its oid).
        var created = new Dictionary<CatalogId, DumpObject>();
        foreach (var o in plan.Objects.Where(o => o.Kind is not "ACL" and not "MATERIALIZED VIEW DATA"))
        {
            created.TryAdd(o.Id, o);
        }

        var q = session.Quoting;
        foreach (var x in rows)
        {
            if (!created.TryGetValue(x.Id, out var obj))
            {
                continue;
            }

            var target = x.Keyword switch
            {
                "TRIGGER" => q.Ident(x.Name) + " ON " + q.Qualified(x.Schema, x.Table!),
                "FUNCTION" or "PROCEDURE" => q.Qualified(x.Schema, x.Name) + "(" + x.Arguments + ")",
                _ => q.Qualified(x.Schema, x.Name),
            };
            obj.Sql += "ALTER " + x.Keyword + " " + target + " DEPENDS ON EXTENSION " + q.Ident(x.ExtensionName) + ";\n";
            obj.ExtensionDependencies.Add(x.Extension);
            obj.DependsOn.Add(new CatalogId(CatalogId.PgExtension, x.Extension));
        }
    }
}
