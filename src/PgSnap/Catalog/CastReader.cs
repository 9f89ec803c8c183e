using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// User-defined casts (database-wide, so left out when -n or -t narrows the dump). A cast function may return a type
/// that is only binary-coercible to the cast's target (or take one the source is binary-coercible to) through
/// another cast WITHOUT FUNCTION of the dump; the server checks that when the cast is created, and pg_depend does not
/// record it, so such a cast depends on that binary cast here.
/// </summary>
internal static class CastReader
{
    public static async Task<IReadOnlyList<CastRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        if (session.IsSelective)
        {
            return [];
        }

        var rows = await session.QueryAsync(
            """
            SELECT c.oid, pg_catalog.format_type(c.castsource, NULL), pg_catalog.format_type(c.casttarget, NULL), c.castmethod::text,
                   CASE WHEN c.castfunc <> 0 THEN c.castfunc::pg_catalog.regprocedure::text END, c.castcontext::text,
                   pg_catalog.format_type(p.prorettype, NULL), pg_catalog.format_type(p.proargtypes[0], NULL)
            FROM pg_catalog.pg_cast c LEFT JOIN pg_catalog.pg_proc p ON p.oid = c.castfunc
            WHERE c.oid >= 16384
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_cast'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'i')
            ORDER BY 2, 3
            """,
            r => (Oid: r.Oid(0), Source: r.GetString(1), Target: r.GetString(2), Method: r.GetString(3)[0], Function: r.Str(4), Context: r.GetString(5)[0],
                Returns: r.Str(6), Takes: r.Str(7)),
            ct);
        var binary = rows.Where(c => c.Method == 'b').ToDictionary(c => (c.Source, c.Target), c => c.Oid);
        var casts = new List<CastRecord>();
        foreach (var c in rows)
        {
            if (session.IsExtensionMember(CatalogId.PgCast, c.Oid))
            {
                continue;
            }

            var dependsOn = new List<CatalogId>();
            if (c.Method == 'f' && c.Returns is not null && binary.TryGetValue((c.Returns, c.Target), out var toTarget))
            {
                dependsOn.Add(new CatalogId(CatalogId.PgCast, toTarget));
            }

            if (c.Method == 'f' && c.Takes is not null && binary.TryGetValue((c.Source, c.Takes), out var fromSource))
            {
                dependsOn.Add(new CatalogId(CatalogId.PgCast, fromSource));
            }

            casts.Add(new CastRecord(c.Oid, c.Source, c.Target, c.Method, c.Function, c.Context, session.DescriptionOf(CatalogId.PgCast, c.Oid), dependsOn));
        }

        return casts;
    }
}
