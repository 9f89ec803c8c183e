using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads row-level security into records: which tables have it enabled, and each policy with its command,
/// permissive/restrictive mode, roles and USING / WITH CHECK expressions (Emit/PolicyEmitter.cs writes them).
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
        return new PolicySet(enabled, policies);
    }
}
