using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads row-level security into records: which tables have it enabled, and each policy with its command,
/// permissive/restrictive mode, roles and USING / WITH CHECK expressions (Emit/PolicyEmitter.cs writes them).
/// Under the Supabase profile (no -n/-t) the policies on tables of the platform's managed schemas are read too: the
/// platform creates tables there and enables row-level security on them, but every policy on them is the
/// project's (storage.objects' bucket policies above all), and a fresh project has none.
/// </summary>
internal static class PolicyReader
{
    /// <param name="relations">The relations whose definitions are dumped.</param>
    public static async Task<PolicySet> ReadAsync(CatalogSession session, IEnumerable<uint> relations, CancellationToken ct)
    {
        var rels = relations.ToArray();
        var enabled = await session.QueryAsync(
            "SELECT c.oid FROM pg_catalog.pg_class c WHERE c.oid = ANY(@rels) AND c.relrowsecurity",
            r => r.Oid(0),
            ct,
            ("rels", rels));
        var platform = session.Options.Profile == Dump.DumpProfile.Supabase && !session.IsSelective
            ? await session.QueryAsync(
                """
                SELECT c.oid, n.nspname, c.relname, c.relkind::text, pg_catalog.pg_get_userbyid(c.relowner)
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relnamespace = ANY(@managed) AND c.relkind IN ('r', 'p')
                  AND EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid)
                  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                  WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e')
                ORDER BY n.nspname, c.relname
                """,
                r => new PlatformTable(r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3)[0], r.GetString(4)),
                ct,
                ("managed", session.ManagedSchemas.ToArray()))
            : [];
        rels = [.. rels, .. platform.Select(t => t.Oid)];
        var policies = await session.QueryAsync(
            """
            SELECT p.oid, p.polrelid, p.polname, p.polcmd::text, p.polpermissive,
                   CASE WHEN p.polroles = '{0}' THEN NULL
                        ELSE ARRAY(SELECT pg_catalog.pg_get_userbyid(u.r) FROM pg_catalog.unnest(p.polroles) WITH ORDINALITY u(r, i) ORDER BY u.i) END,
                   pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)
            FROM pg_catalog.pg_policy p WHERE p.polrelid = ANY(@rels)
            ORDER BY p.polname
            """,
            r => new PolicyRecord(
                r.Oid(0), r.Oid(1), r.GetString(2), r.GetString(3)[0], r.GetBoolean(4), r.Arr(5), r.Str(6), r.Str(7), session.DescriptionOf(CatalogId.PgPolicy, r.Oid(0))),
            ct,
            ("rels", rels));
        return new PolicySet(enabled, policies, platform);
    }
}
