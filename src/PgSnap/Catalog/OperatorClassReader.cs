using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads operator families and operator classes of dumped schemas with their members: an opclass's own members
/// (pg_depend 'i' on the opclass) go with the class, members added to a family later ('a' on the family) with the
/// family. Written by <see cref="Emit.OperatorClassEmitter"/>.
/// </summary>
internal static class OperatorClassReader
{
    public static async Task<(IReadOnlyList<OperatorFamilyRecord> Families, IReadOnlyList<OperatorClassRecord> Classes)> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        var schemas = ("schemas", (object)session.DumpedSchemaOids);
        List<OperatorFamilyRecord> families = [];
        List<OperatorClassRecord> classes = [];
        List<(uint RefClass, uint Ref, string Text)> members = [];

        // Three independent queries, one round trip.
        await session.QueryBatchAsync(
            ct,
            CatalogQuery.Into(
            families,
            """
            SELECT f.oid, n.nspname, f.opfname, pg_catalog.pg_get_userbyid(f.opfowner), am.amname
            FROM pg_catalog.pg_opfamily f JOIN pg_catalog.pg_namespace n ON n.oid = f.opfnamespace JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod
            WHERE f.opfnamespace = ANY(@schemas) ORDER BY 2, 3
            """,
            r => new OperatorFamilyRecord(r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), [], session.DescriptionOf(CatalogId.PgOpfamily, r.Oid(0))),
            schemas),
            CatalogQuery.Into(
            classes,
            """
            SELECT c.oid, n.nspname, c.opcname, pg_catalog.pg_get_userbyid(c.opcowner), am.amname, pg_catalog.format_type(c.opcintype, NULL), c.opcdefault,
                   CASE WHEN c.opckeytype <> 0 THEN pg_catalog.format_type(c.opckeytype, NULL) END, fn.nspname, f.opfname, c.opcfamily
            FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_namespace n ON n.oid = c.opcnamespace JOIN pg_catalog.pg_am am ON am.oid = c.opcmethod
            JOIN pg_catalog.pg_opfamily f ON f.oid = c.opcfamily JOIN pg_catalog.pg_namespace fn ON fn.oid = f.opfnamespace
            WHERE c.opcnamespace = ANY(@schemas) ORDER BY 2, 3
            """,
            r => new OperatorClassRecord(
                r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetBoolean(6), r.Str(7), r.GetString(8),
                r.GetString(9), r.Oid(10), [], session.DescriptionOf(CatalogId.PgOpclass, r.Oid(0))),
            schemas),
            CatalogQuery.Into(
            members,
            """
            SELECT d.refclassid, d.refobjid,
                   'OPERATOR ' || o.amopstrategy || ' ' || o.amopopr::pg_catalog.regoperator::text
                   || CASE WHEN o.amoppurpose = 'o' THEN ' FOR ORDER BY ' || pg_catalog.quote_ident(sn.nspname) || '.' || pg_catalog.quote_ident(sf.opfname) ELSE '' END
            FROM pg_catalog.pg_amop o
            JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_amop'::pg_catalog.regclass AND d.objid = o.oid AND d.deptype IN ('i', 'a')
            LEFT JOIN pg_catalog.pg_opfamily sf ON sf.oid = o.amopsortfamily LEFT JOIN pg_catalog.pg_namespace sn ON sn.oid = sf.opfnamespace
            UNION ALL
            SELECT d.refclassid, d.refobjid,
                   'FUNCTION ' || p.amprocnum || ' (' || pg_catalog.format_type(p.amproclefttype, NULL) || ', ' || pg_catalog.format_type(p.amprocrighttype, NULL) || ') '
                   || p.amproc::pg_catalog.regprocedure::text
            FROM pg_catalog.pg_amproc p
            JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_amproc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype IN ('i', 'a')
            """,
            r => (RefClass: r.Oid(0), Ref: r.Oid(1), Text: r.GetString(2)))).ConfigureAwait(false);
        var memberLookup = members.ToLookup(m => new CatalogId(m.RefClass, m.Ref), m => m.Text);
        return (
            [.. families.Where(f => !session.IsExtensionMember(CatalogId.PgOpfamily, f.Oid))
                .Select(f => f with { LooseMembers = [.. memberLookup[new CatalogId(CatalogId.PgOpfamily, f.Oid)]] })],
            [.. classes.Where(c => !session.IsExtensionMember(CatalogId.PgOpclass, c.Oid))
                .Select(c => c with { Members = [.. memberLookup[new CatalogId(CatalogId.PgOpclass, c.Oid)]] })]);
    }
}
