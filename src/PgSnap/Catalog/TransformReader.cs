using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Transforms (CREATE TRANSFORM FOR type LANGUAGE lang): database-wide, so left out when -n or -t narrows the
/// dump; those of extensions come back with their extension.
/// </summary>
internal static class TransformReader
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
            SELECT t.oid, pg_catalog.format_type(t.trftype, NULL), l.lanname,
                   NULLIF(t.trffromsql, 0)::pg_catalog.regprocedure::text, NULLIF(t.trftosql, 0)::pg_catalog.regprocedure::text
            FROM pg_catalog.pg_transform t JOIN pg_catalog.pg_language l ON l.oid = t.trflang
            WHERE t.oid >= {CatalogId.FirstNormalObjectId}
            ORDER BY 2, 3
            """,
            r => (Oid: r.Oid(0), Type: r.GetString(1), Language: r.GetString(2), FromSql: r.Str(3), ToSql: r.Str(4)),
            ct);
        foreach (var t in rows)
        {
            if (session.IsExtensionMember(CatalogId.PgTransform, t.Oid))
            {
                continue;
            }

            var target = "FOR " + t.Type + " LANGUAGE " + q.Ident(t.Language);
            var functions = new List<string>();
            if (t.FromSql is not null)
            {
                functions.Add("FROM SQL WITH FUNCTION " + t.FromSql);
            }

            if (t.ToSql is not null)
            {
                functions.Add("TO SQL WITH FUNCTION " + t.ToSql);
            }

            var sb = new StringBuilder("CREATE TRANSFORM ").Append(target).Append(" (").Append(string.Join(", ", functions)).Append(");\n");
            session.Describe(sb, "TRANSFORM", target, CatalogId.PgTransform, t.Oid);
            plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgTransform, t.Oid),
                Kind = "TRANSFORM",
                Schema = null,
                Name = t.Type + " " + t.Language,
                Owner = null,
                Section = DumpSection.PreData,
                Priority = SortPriority.Transform,
                Sql = sb.ToString(),
                DropSql = session.Decorations.Drop("TRANSFORM", target),
            });
        }
    }
}
