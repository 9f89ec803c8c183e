using PgSnap.Dump;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads functions, procedures, window functions (with the server's pg_get_functiondef text) and aggregates (with
/// their pg_aggregate row) of dumped schemas, leaving out extension members, objects an internal dependency makes
/// part of something else, and, under the Supabase profile, what the platform's roles own.
/// </summary>
internal static class FunctionReader
{
    public static async Task<IReadOnlyList<FunctionRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        var rows = await session.QueryAsync(
            """
            SELECT p.oid, n.nspname, p.proname, p.prokind::text, pg_catalog.pg_get_userbyid(p.proowner), p.proacl::text[],
                   COALESCE(ip.initprivs, pg_catalog.acldefault('f', p.proowner))::text[],
                   pg_catalog.pg_get_function_identity_arguments(p.oid),
                   CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END,
                   CASE WHEN p.prokind = 'a' THEN pg_catalog.pg_get_function_arguments(p.oid) END
            FROM pg_catalog.pg_proc p
            JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            LEFT JOIN pg_catalog.pg_init_privs ip ON ip.objoid = p.oid AND ip.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND ip.objsubid = 0
            WHERE p.pronamespace = ANY(@schemas)
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'i')
            ORDER BY n.nspname, p.proname, 8
            """,
            r => new FunctionRecord(
                r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3)[0], r.GetString(4), r.Arr(5), r.Arr(6), r.GetString(7), r.Str(8), r.Str(9),
                null, session.DescriptionOf(CatalogId.PgProc, r.Oid(0))),
            ct,
            ("schemas", session.DumpedSchemaOids));
        var aggregates = await ReadAggregatesAsync(session, rows.Where(r => r.Kind == 'a').Select(r => r.Oid).ToArray(), ct);
        var supabase = session.Options.Profile == DumpProfile.Supabase;
        return
        [
            .. rows
                .Where(f => !session.IsExtensionMember(CatalogId.PgProc, f.Oid) && !(supabase && SupabaseProfile.PlatformOwners.Contains(f.Owner)))
                .Select(f => f.Kind == 'a' ? f with { Aggregate = aggregates[f.Oid] } : f),
        ];
    }

    private static async Task<Dictionary<uint, AggregateRecord>> ReadAggregatesAsync(CatalogSession session, uint[] oids, CancellationToken ct)
    {
        var rows = await session.QueryAsync(
            """
            SELECT a.aggfnoid::pg_catalog.oid, a.aggkind::text, a.aggtransfn::pg_catalog.regproc::text, pg_catalog.format_type(a.aggtranstype, NULL), a.aggtransspace,
                   NULLIF(a.aggfinalfn, 0)::pg_catalog.regproc::text, a.aggfinalextra, a.aggfinalmodify::text,
                   NULLIF(a.aggcombinefn, 0)::pg_catalog.regproc::text, NULLIF(a.aggserialfn, 0)::pg_catalog.regproc::text,
                   NULLIF(a.aggdeserialfn, 0)::pg_catalog.regproc::text, a.agginitval,
                   NULLIF(a.aggmtransfn, 0)::pg_catalog.regproc::text, NULLIF(a.aggminvtransfn, 0)::pg_catalog.regproc::text,
                   CASE WHEN a.aggmtranstype <> 0 THEN pg_catalog.format_type(a.aggmtranstype, NULL) END, a.aggmtransspace,
                   NULLIF(a.aggmfinalfn, 0)::pg_catalog.regproc::text, a.aggmfinalextra, a.aggmfinalmodify::text, a.aggminitval,
                   CASE WHEN a.aggsortop <> 0 THEN a.aggsortop::pg_catalog.regoperator::text END, p.proparallel::text
            FROM pg_catalog.pg_aggregate a JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
            WHERE a.aggfnoid = ANY(@oids)
            """,
            r => (Oid: r.Oid(0), Aggregate: new AggregateRecord(
                r.GetString(1)[0], r.GetString(2), r.GetString(3), r.GetInt32(4), r.Str(5), r.GetBoolean(6), r.GetString(7)[0],
                r.Str(8), r.Str(9), r.Str(10), r.Str(11),
                r.Str(12) is { } moving ? new MovingAggregate(moving, r.Str(13), r.Str(14), r.GetInt32(15), r.Str(16), r.GetBoolean(17), r.GetString(18)[0], r.Str(19)) : null,
                r.Str(20), r.GetString(21)[0])),
            ct,
            ("oids", oids));
        return rows.ToDictionary(a => a.Oid, a => a.Aggregate);
    }
}
