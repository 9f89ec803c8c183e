using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Table and index access methods created with CREATE ACCESS METHOD (not built-in ones, not those of
/// extensions). Database-wide, so left out when -n or -t narrows the dump, as pg_dump does.
/// </summary>
internal static class AccessMethodReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        if (session.IsSelective)
        {
            return;
        }

        var q = session.Quoting;
        var rows = await session.QueryAsync(
            $"""
            SELECT a.oid, a.amname, a.amtype::text, a.amhandler::pg_catalog.regproc::text
            FROM pg_catalog.pg_am a WHERE a.oid >= {CatalogId.FirstNormalObjectId} ORDER BY a.amname
            """,
            r => (Oid: r.Oid(0), Name: r.GetString(1), Type: r.GetString(2)[0], Handler: r.GetString(3)),
            ct);
        foreach (var a in rows)
        {
            if (session.IsExtensionMember(CatalogId.PgAm, a.Oid))
            {
                continue;
            }

            var name = q.Ident(a.Name);
            var sb = new StringBuilder("CREATE ACCESS METHOD ").Append(name).Append(" TYPE ").Append(a.Type == 't' ? "TABLE" : "INDEX")
                .Append(" HANDLER ").Append(a.Handler).Append(";\n");
            session.Describe(sb, "ACCESS METHOD", name, CatalogId.PgAm, a.Oid);
            plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgAm, a.Oid),
                Kind = "ACCESS METHOD",
                Schema = null,
                Name = a.Name,
                Owner = null,
                Section = DumpSection.PreData,
                Priority = SortPriority.AccessMethod,
                Sql = sb.ToString(),
                DropSql = session.Decorations.Drop("ACCESS METHOD", name),
            });
        }
    }
}
