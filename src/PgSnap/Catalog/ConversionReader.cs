using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>User encoding conversions of dumped schemas.</summary>
internal static class ConversionReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        var q = session.Quoting;
        var rows = await session.QueryAsync(
            """
            SELECT c.oid, n.nspname, c.conname, pg_catalog.pg_get_userbyid(c.conowner), pg_catalog.pg_encoding_to_char(c.conforencoding),
                   pg_catalog.pg_encoding_to_char(c.contoencoding), c.conproc::pg_catalog.regproc::text, c.condefault
            FROM pg_catalog.pg_conversion c JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
            WHERE c.connamespace = ANY(@schemas) ORDER BY n.nspname, c.conname
            """,
            r => (Oid: r.Oid(0), Schema: r.GetString(1), Name: r.GetString(2), Owner: r.GetString(3), From: r.GetString(4), To: r.GetString(5), Proc: r.GetString(6), Default: r.GetBoolean(7)),
            ct,
            ("schemas", session.DumpedSchemaOids));
        foreach (var c in rows)
        {
            if (session.IsExtensionMember(CatalogId.PgConversion, c.Oid))
            {
                continue;
            }

            var qn = q.Qualified(c.Schema, c.Name);
            var sb = new StringBuilder("CREATE ").Append(c.Default ? "DEFAULT " : string.Empty).Append("CONVERSION ").Append(qn)
                .Append(" FOR ").Append(Ddl.Quoting.Literal(c.From)).Append(" TO ").Append(Ddl.Quoting.Literal(c.To)).Append(" FROM ").Append(c.Proc).Append(";\n");
            session.Decorations.Owner(sb, "CONVERSION", qn, c.Owner);
            session.Describe(sb, "CONVERSION", qn, CatalogId.PgConversion, c.Oid);
            plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgConversion, c.Oid),
                Kind = "CONVERSION",
                Schema = c.Schema,
                Name = c.Name,
                Owner = c.Owner,
                Section = DumpSection.PreData,
                Priority = SortPriority.Conversion,
                Sql = sb.ToString(),
                DropSql = session.Decorations.Drop("CONVERSION", qn),
            });
        }
    }
}
