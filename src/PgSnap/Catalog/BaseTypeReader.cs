using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads base types (with INPUT/OUTPUT functions) and shell types of dumped schemas, leaving out extension members
/// and array types; <see cref="BaseTypeEmitter"/> writes them, each base type with a SHELL TYPE block that its I/O
/// functions are created after (<see cref="BreakIoFunctionCycles"/>).
/// </summary>
internal static class BaseTypeReader
{
    public static async Task<IReadOnlyList<BaseTypeRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        var subscript = session.ServerVersion >= 140000 ? "NULLIF(t.typsubscript, 0)::pg_catalog.regproc::text" : "NULL::text";
        var types = await session.QueryAsync(
            $"""
            SELECT t.oid, n.nspname, t.typname, t.typtype::text, pg_catalog.pg_get_userbyid(t.typowner), t.typacl::text[],
                   COALESCE(ip.initprivs, pg_catalog.acldefault('T', t.typowner))::text[], t.typarray,
                   t.typlen, t.typbyval, t.typalign::text, t.typstorage::text, t.typcategory::text, t.typispreferred,
                   t.typdefault, t.typdelim::text,
                   NULLIF(t.typinput, 0)::pg_catalog.regproc::text, NULLIF(t.typoutput, 0)::pg_catalog.regproc::text,
                   NULLIF(t.typreceive, 0)::pg_catalog.regproc::text, NULLIF(t.typsend, 0)::pg_catalog.regproc::text,
                   NULLIF(t.typmodin, 0)::pg_catalog.regproc::text, NULLIF(t.typmodout, 0)::pg_catalog.regproc::text,
                   NULLIF(t.typanalyze, 0)::pg_catalog.regproc::text, {subscript},
                   CASE WHEN t.typelem <> 0 THEN pg_catalog.format_type(t.typelem, NULL) END, t.typcollation <> 0
            FROM pg_catalog.pg_type t
            JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            LEFT JOIN pg_catalog.pg_init_privs ip ON ip.objoid = t.oid AND ip.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass AND ip.objsubid = 0
            WHERE t.typnamespace = ANY(@schemas) AND t.typtype IN ('b', 'p') AND t.oid >= {CatalogId.FirstNormalObjectId}
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type e WHERE e.typarray = t.oid)
            ORDER BY n.nspname, t.typname
            """,
            r => new BaseTypeRecord(
                r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3)[0], r.GetString(4), r.Arr(5), r.Arr(6), r.Oid(7),
                r.GetInt16(8), r.GetBoolean(9), r.GetString(10)[0], r.GetString(11)[0], r.GetString(12)[0], r.GetBoolean(13),
                r.Str(14), r.GetString(15),
                new BaseTypeFunctions(r.Str(16), r.Str(17), r.Str(18), r.Str(19), r.Str(20), r.Str(21), r.Str(22), r.Str(23)),
                r.Str(24), r.GetBoolean(25), session.DescriptionOf(CatalogId.PgType, r.Oid(0))),
            ct,
            ("schemas", session.DumpedSchemaOids));
        return [.. types.Where(t => !session.IsExtensionMember(CatalogId.PgType, t.Oid))];
    }

    /// <summary>
    /// Makes the functions that a base type needs (its I/O, typmod, analyze and subscript functions, which in turn
    /// take or return the type) depend on the type's shell instead of the type itself, which cuts the cycle.
    /// </summary>
    public static void BreakIoFunctionCycles(IReadOnlyList<DumpObject> objects, Dictionary<DumpObject, HashSet<DumpObject>> edges)
    {
        var byId = new Dictionary<CatalogId, DumpObject>();
        foreach (var o in objects)
        {
            byId.TryAdd(o.Id, o);
        }

        foreach (var shell in objects)
        {
            if (shell.Id.ClassId != BaseTypeEmitter.ShellTypeClass
                || !byId.TryGetValue(new CatalogId(CatalogId.PgType, shell.Id.ObjectId), out var type)
                || !edges.TryGetValue(type, out var typeNeeds))
            {
                continue;
            }

            foreach (var function in typeNeeds)
            {
                if (function.Id.ClassId == CatalogId.PgProc && edges.TryGetValue(function, out var functionNeeds) && functionNeeds.Remove(type))
                {
                    functionNeeds.Add(shell);
                }
            }
        }
    }
}
