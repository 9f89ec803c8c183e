using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads rewrite rules of dumped relations (not the _RETURN rule that makes a view), with their enabled state, into
/// records (Emit/RuleEmitter.cs writes them).
/// </summary>
internal static class RuleReader
{
    /// <param name="relations">The relations whose definitions are dumped.</param>
    public static Task<List<RuleRecord>> ReadAsync(CatalogSession session, IEnumerable<uint> relations, CancellationToken ct) =>
        session.QueryAsync(
            """
            SELECT r.oid, r.ev_class, r.rulename, pg_catalog.pg_get_ruledef(r.oid), r.ev_enabled::text
            FROM pg_catalog.pg_rewrite r
            WHERE r.ev_class = ANY(@rels) AND r.rulename <> '_RETURN'
            ORDER BY r.rulename
            """,
            r => new RuleRecord(r.Oid(0), r.Oid(1), r.GetString(2), r.GetString(3), r.GetString(4)[0], session.DescriptionOf(CatalogId.PgRewrite, r.Oid(0))),
            ct,
            ("rels", relations.ToArray()));
}
