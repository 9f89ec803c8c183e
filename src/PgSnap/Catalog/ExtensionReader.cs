using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Reads installed extensions (not the built-in plpgsql). Their member objects are never dumped one by one:
/// CREATE EXTENSION brings them back. pg_dump leaves extensions out when -n or -t narrows the dump.
/// </summary>
internal static class ExtensionReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        if (session.IsSelective)
        {
            return;
        }

        var q = session.Quoting;
        var rows = await session.QueryAsync(
            """
            SELECT e.oid, e.extname, n.nspname, e.extnamespace
            FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
            WHERE e.oid >= 16384
            ORDER BY e.extname
            """,
            r => (Oid: r.Oid(0), Name: r.GetString(1), Schema: r.GetString(2), SchemaOid: r.Oid(3)),
            ct);
        foreach (var e in rows)
        {
            var qn = q.Ident(e.Name);
            var sb = new StringBuilder("CREATE EXTENSION IF NOT EXISTS ").Append(qn).Append(" WITH SCHEMA ").Append(q.Ident(e.Schema)).Append(";\n");
            session.Describe(sb, "EXTENSION", qn, CatalogId.PgExtension, e.Oid);
            var obj = plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgExtension, e.Oid),
                Kind = "EXTENSION",
                Schema = null,
                Name = e.Name,
                Owner = null,
                Section = DumpSection.PreData,
                Priority = SortPriority.Extension,
                Sql = sb.ToString(),
                DropSql = session.Decorations.Drop("EXTENSION", qn),
            });
            obj.DependsOn.Add(new CatalogId(CatalogId.PgNamespace, e.SchemaOid));
        }
    }
}
