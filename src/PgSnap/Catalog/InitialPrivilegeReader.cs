using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads the privileges of objects the dump does not create but whose privileges it carries, as pg_dump does:
/// members of the dumped extensions and of the built-in ones (plpgsql), whatever -n/-t select, and, in a dump of
/// everything, the objects of pg_catalog (schema, relations and their columns, functions, types). Only rows whose
/// ACL differs from pg_init_privs are read. Every class pg_init_privs can hold is covered: pg_class (objsubid for
/// columns), pg_proc, pg_type, pg_namespace, pg_language, pg_foreign_data_wrapper and pg_foreign_server (large
/// objects can neither belong to an extension nor have a pg_init_privs row). The Supabase profile leaves out the
/// objects of its managed schemas (pg_catalog and extensions included), as the Supabase CLI comments out their
/// GRANT and REVOKE lines: the platform owns them. Written by <see cref="Emit.AclOnlyEmitter"/>.
/// </summary>
internal static class InitialPrivilegeReader
{
    /// <param name="dumpedExtensions">The extensions the dump creates (by oid).</param>
    public static async Task<IReadOnlyList<AclOnlyObject>> ReadAsync(CatalogSession session, IEnumerable<uint> dumpedExtensions, CancellationToken ct)
    {
        if (session.Options.NoAcl || session.Options.DataOnly)
        {
            return [];
        }

        var builtIn = await session.QueryAsync($"SELECT oid FROM pg_catalog.pg_extension WHERE oid < {CatalogId.FirstNormalObjectId}", r => r.Oid(0), ct);
        var extensions = dumpedExtensions.Concat(builtIn).Distinct().ToArray();
        var rows = await session.QueryAsync(
            Query,
            r => (Row: new AclOnlyObject(
                    new CatalogId(r.Oid(0), r.Oid(1)), r.GetString(2), r.Str(3), r.GetString(4), r.Str(5), r.GetString(6), r.Arr(7), r.Arr(8),
                    r.Arr(9) ?? [], r.Oid(10), []),
                  Namespace: r.Oid(11)),
            ct,
            ("exts", extensions),
            ("everything", !session.IsSelective));
        var kept = rows.Where(r => !session.ManagedSchemas.Contains(r.Namespace)).Select(r => r.Row).ToList();

        var relations = kept.Where(o => o.Id.ClassId == CatalogId.PgClass).Select(o => o.Id.ObjectId).ToArray();
        var columns = (await session.QueryAsync(
            """
            SELECT a.attrelid, a.attname, a.attacl::text[], ip.initprivs::text[]
            FROM pg_catalog.pg_attribute a
            LEFT JOIN pg_catalog.pg_init_privs ip ON ip.objoid = a.attrelid AND ip.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ip.objsubid = a.attnum
            WHERE a.attrelid = ANY(@oids) AND a.attnum <> 0 AND NOT a.attisdropped AND a.attacl IS DISTINCT FROM ip.initprivs
            ORDER BY a.attrelid, a.attnum
            """,
            r => (Table: r.Oid(0), Column: new AclOnlyColumn(r.GetString(1), r.Arr(2), r.Arr(3))),
            ct,
            ("oids", relations)))
            .GroupBy(c => c.Table)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Column).ToList());

        return [.. kept.Select(o => o.Id.ClassId == CatalogId.PgClass && columns.TryGetValue(o.Id.ObjectId, out var cols) ? o with { Columns = cols } : o)];
    }

    // One row per candidate: a member of one of @exts, or (in a dump of everything) an object of pg_catalog or a
    // built-in procedural language outside extensions. Columns: classid, oid, GRANT keyword, schema, name,
    // arguments, owner, acl, initprivs, acldefault, extension, namespace oid (0 outside schemas). For relations the
    // candidate test is the WHEN of a CASE whose THEN checks the columns: as two ANDed conditions, the server checked
    // the columns of every user table first (0.13 s at 5,000 tables).
    private const string Query = """
        WITH member AS (
            SELECT classid, objid, refobjid AS ext FROM pg_catalog.pg_depend
            WHERE deptype = 'e' AND refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND refobjid = ANY(@exts)
        ),
        catalog_ns AS (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog' AND @everything)
        SELECT c.tableoid, c.oid, CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, c.relname, NULL,
               pg_catalog.pg_get_userbyid(c.relowner), c.relacl::text[], ip.initprivs::text[],
               pg_catalog.acldefault(CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char", c.relowner)::text[], m.ext, n.oid
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN member m ON m.classid = c.tableoid AND m.objid = c.oid
        LEFT JOIN pg_catalog.pg_init_privs ip ON ip.classoid = c.tableoid AND ip.objoid = c.oid AND ip.objsubid = 0
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          AND CASE WHEN m.ext IS NOT NULL OR c.relnamespace IN (SELECT oid FROM catalog_ns)
                   THEN c.relacl IS DISTINCT FROM ip.initprivs OR EXISTS (
                       SELECT 1 FROM pg_catalog.pg_attribute a
                       LEFT JOIN pg_catalog.pg_init_privs cip ON cip.classoid = c.tableoid AND cip.objoid = a.attrelid AND cip.objsubid = a.attnum
                       WHERE a.attrelid = c.oid AND a.attnum <> 0 AND NOT a.attisdropped AND a.attacl IS DISTINCT FROM cip.initprivs)
                   ELSE false END
        UNION ALL
        SELECT p.tableoid, p.oid, CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, n.nspname, p.proname,
               pg_catalog.pg_get_function_identity_arguments(p.oid), pg_catalog.pg_get_userbyid(p.proowner), p.proacl::text[],
               ip.initprivs::text[], pg_catalog.acldefault('f', p.proowner)::text[], m.ext, n.oid
        FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        LEFT JOIN member m ON m.classid = p.tableoid AND m.objid = p.oid
        LEFT JOIN pg_catalog.pg_init_privs ip ON ip.classoid = p.tableoid AND ip.objoid = p.oid AND ip.objsubid = 0
        WHERE (m.ext IS NOT NULL OR p.pronamespace IN (SELECT oid FROM catalog_ns))
          AND p.proacl IS DISTINCT FROM ip.initprivs
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = p.tableoid AND d.objid = p.oid AND d.deptype = 'i')
        UNION ALL
        SELECT t.tableoid, t.oid, 'TYPE', n.nspname, t.typname, NULL, pg_catalog.pg_get_userbyid(t.typowner), t.typacl::text[],
               ip.initprivs::text[], pg_catalog.acldefault('T', t.typowner)::text[], m.ext, n.oid
        FROM pg_catalog.pg_type t
        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
        LEFT JOIN pg_catalog.pg_class tc ON tc.oid = t.typrelid
        LEFT JOIN member m ON m.classid = t.tableoid AND m.objid = t.oid
        LEFT JOIN pg_catalog.pg_init_privs ip ON ip.classoid = t.tableoid AND ip.objoid = t.oid AND ip.objsubid = 0
        WHERE (m.ext IS NOT NULL OR t.typnamespace IN (SELECT oid FROM catalog_ns))
          AND t.typacl IS DISTINCT FROM ip.initprivs
          AND t.typtype <> 'm' AND (t.typrelid = 0 OR tc.relkind = 'c')
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type et WHERE et.typarray = t.oid)
        UNION ALL
        SELECT n.tableoid, n.oid, 'SCHEMA', NULL, n.nspname, NULL, pg_catalog.pg_get_userbyid(n.nspowner), n.nspacl::text[],
               ip.initprivs::text[], pg_catalog.acldefault('n', n.nspowner)::text[], m.ext, n.oid
        FROM pg_catalog.pg_namespace n
        LEFT JOIN member m ON m.classid = n.tableoid AND m.objid = n.oid
        LEFT JOIN pg_catalog.pg_init_privs ip ON ip.classoid = n.tableoid AND ip.objoid = n.oid AND ip.objsubid = 0
        WHERE (m.ext IS NOT NULL OR n.oid IN (SELECT oid FROM catalog_ns))
          AND n.nspacl IS DISTINCT FROM ip.initprivs
        UNION ALL
        SELECT l.tableoid, l.oid, 'LANGUAGE', NULL, l.lanname, NULL, pg_catalog.pg_get_userbyid(l.lanowner), l.lanacl::text[],
               ip.initprivs::text[], pg_catalog.acldefault('l', l.lanowner)::text[], m.ext, 0
        FROM pg_catalog.pg_language l
        LEFT JOIN member m ON m.classid = l.tableoid AND m.objid = l.oid
        LEFT JOIN pg_catalog.pg_init_privs ip ON ip.classoid = l.tableoid AND ip.objoid = l.oid AND ip.objsubid = 0
        WHERE l.lanispl AND (m.ext IS NOT NULL OR (@everything AND l.oid < 16384
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = l.tableoid AND d.objid = l.oid AND d.deptype = 'e')))
          AND l.lanacl IS DISTINCT FROM ip.initprivs
        UNION ALL
        SELECT w.tableoid, w.oid, 'FOREIGN DATA WRAPPER', NULL, w.fdwname, NULL, pg_catalog.pg_get_userbyid(w.fdwowner), w.fdwacl::text[],
               ip.initprivs::text[], pg_catalog.acldefault('F', w.fdwowner)::text[], m.ext, 0
        FROM pg_catalog.pg_foreign_data_wrapper w
        JOIN member m ON m.classid = w.tableoid AND m.objid = w.oid
        LEFT JOIN pg_catalog.pg_init_privs ip ON ip.classoid = w.tableoid AND ip.objoid = w.oid AND ip.objsubid = 0
        WHERE w.fdwacl IS DISTINCT FROM ip.initprivs
        UNION ALL
        SELECT s.tableoid, s.oid, 'FOREIGN SERVER', NULL, s.srvname, NULL, pg_catalog.pg_get_userbyid(s.srvowner), s.srvacl::text[],
               ip.initprivs::text[], pg_catalog.acldefault('S', s.srvowner)::text[], m.ext, 0
        FROM pg_catalog.pg_foreign_server s
        JOIN member m ON m.classid = s.tableoid AND m.objid = s.oid
        LEFT JOIN pg_catalog.pg_init_privs ip ON ip.classoid = s.tableoid AND ip.objoid = s.oid AND ip.objsubid = 0
        WHERE s.srvacl IS DISTINCT FROM ip.initprivs
        ORDER BY 1, 2
        """;
}
