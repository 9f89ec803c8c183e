using System.Text;
using PgSnap.Emit;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Reads operator classes and operator families. An opclass's own members (pg_depend 'i' on the opclass) go into its
/// CREATE OPERATOR CLASS; members added to a family later ('a' on the family) go into ALTER OPERATOR FAMILY … ADD.
/// The SQL is written by <see cref="OperatorClassEmitter"/>.
/// </summary>
internal static class OperatorClassReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        var q = session.Quoting;
        var schemas = ("schemas", (object)session.DumpedSchemaOids);
        var families = await session.QueryAsync(
            """
            SELECT f.oid, n.nspname, f.opfname, pg_catalog.pg_get_userbyid(f.opfowner), am.amname
            FROM pg_catalog.pg_opfamily f JOIN pg_catalog.pg_namespace n ON n.oid = f.opfnamespace JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod
            WHERE f.opfnamespace = ANY(@schemas) ORDER BY 2, 3
            """,
            r => new OperatorFamilyRow(r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)),
            ct,
            schemas);
        var classes = await session.QueryAsync(
            """
            SELECT c.oid, n.nspname, c.opcname, pg_catalog.pg_get_userbyid(c.opcowner), am.amname, pg_catalog.format_type(c.opcintype, NULL), c.opcdefault,
                   CASE WHEN c.opckeytype <> 0 THEN pg_catalog.format_type(c.opckeytype, NULL) END, fn.nspname, f.opfname, c.opcfamily
            FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_namespace n ON n.oid = c.opcnamespace JOIN pg_catalog.pg_am am ON am.oid = c.opcmethod
            JOIN pg_catalog.pg_opfamily f ON f.oid = c.opcfamily JOIN pg_catalog.pg_namespace fn ON fn.oid = f.opfnamespace
            WHERE c.opcnamespace = ANY(@schemas) ORDER BY 2, 3
            """,
            r => new OperatorClassRow(
                r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetBoolean(6), r.Str(7), r.GetString(8),
                r.GetString(9), r.Oid(10)),
            ct,
            schemas);
        var members = await session.QueryAsync(
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
            r => (RefClass: r.Oid(0), Ref: r.Oid(1), Text: r.GetString(2)),
            ct);
        var memberLookup = members.ToLookup(m => new CatalogId(m.RefClass, m.Ref), m => m.Text);

        foreach (var f in families.Where(f => !session.IsExtensionMember(CatalogId.PgOpfamily, f.Oid)))
        {
            var target = OperatorClassEmitter.Target(q, f.Schema, f.Name, f.Method);
            var sb = new StringBuilder(OperatorClassEmitter.CreateFamily(q, f));
            sb.Append(OperatorClassEmitter.AddLooseMembers(q, f, [.. memberLookup[new CatalogId(CatalogId.PgOpfamily, f.Oid)]]));
            session.Decorations.Owner(sb, "OPERATOR FAMILY", target, f.Owner);
            session.Describe(sb, "OPERATOR FAMILY", target, CatalogId.PgOpfamily, f.Oid);
            plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgOpfamily, f.Oid),
                Kind = "OPERATOR FAMILY",
                Schema = f.Schema,
                Name = f.Name + " USING " + f.Method,
                Owner = f.Owner,
                Section = DumpSection.PreData,
                Priority = SortPriority.OperatorFamily,
                Sql = sb.ToString(),
                DropSql = session.Decorations.Drop("OPERATOR FAMILY", target),
            });
        }

        foreach (var c in classes.Where(c => !session.IsExtensionMember(CatalogId.PgOpclass, c.Oid)))
        {
            var target = OperatorClassEmitter.Target(q, c.Schema, c.Name, c.Method);
            var sb = new StringBuilder(OperatorClassEmitter.CreateClass(q, c, [.. memberLookup[new CatalogId(CatalogId.PgOpclass, c.Oid)]]));
            session.Decorations.Owner(sb, "OPERATOR CLASS", target, c.Owner);
            session.Describe(sb, "OPERATOR CLASS", target, CatalogId.PgOpclass, c.Oid);
            var obj = plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgOpclass, c.Oid),
                Kind = "OPERATOR CLASS",
                Schema = c.Schema,
                Name = c.Name + " USING " + c.Method,
                Owner = c.Owner,
                Section = DumpSection.PreData,
                Priority = SortPriority.OperatorFamily,
                Sql = sb.ToString(),
                DropSql = session.Decorations.Drop("OPERATOR CLASS", target),
            });
            obj.DependsOn.Add(new CatalogId(CatalogId.PgOpfamily, c.FamilyOid));
        }
    }
}
