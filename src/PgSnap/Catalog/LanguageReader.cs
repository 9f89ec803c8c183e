using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Procedural languages that users created with CREATE LANGUAGE (not those of extensions, which the extension
/// brings back). Database-wide objects, so left out when -n or -t narrows the dump, as pg_dump does.
/// </summary>
internal static class LanguageReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        if (session.IsSelective)
        {
            return;
        }

        var q = session.Quoting;
        var d = session.Decorations;
        var rows = await session.QueryAsync(
            $"""
            SELECT l.oid, l.lanname, l.lanpltrusted, l.lanplcallfoid::pg_catalog.regproc::text,
                   NULLIF(l.laninline, 0)::pg_catalog.regproc::text, NULLIF(l.lanvalidator, 0)::pg_catalog.regproc::text,
                   pg_catalog.pg_get_userbyid(l.lanowner), l.lanacl::text[],
                   COALESCE(ip.initprivs, pg_catalog.acldefault('l', l.lanowner))::text[]
            FROM pg_catalog.pg_language l
            LEFT JOIN pg_catalog.pg_init_privs ip ON ip.objoid = l.oid AND ip.classoid = 'pg_catalog.pg_language'::pg_catalog.regclass AND ip.objsubid = 0
            WHERE l.lanispl AND l.oid >= {CatalogId.FirstNormalObjectId}
            ORDER BY l.lanname
            """,
            r => (Oid: r.Oid(0), Name: r.GetString(1), Trusted: r.GetBoolean(2), Handler: r.GetString(3), Inline: r.Str(4), Validator: r.Str(5),
                  Owner: r.GetString(6), Acl: r.Arr(7), Initial: r.Arr(8)),
            ct);
        foreach (var l in rows)
        {
            if (session.IsExtensionMember(CatalogId.PgLanguage, l.Oid))
            {
                continue;
            }

            var name = q.Ident(l.Name);
            var sb = new StringBuilder("CREATE ").Append(l.Trusted ? "TRUSTED " : string.Empty).Append("PROCEDURAL LANGUAGE ").Append(name)
                .Append(" HANDLER ").Append(l.Handler);
            if (l.Inline is not null)
            {
                sb.Append(" INLINE ").Append(l.Inline);
            }

            if (l.Validator is not null)
            {
                sb.Append(" VALIDATOR ").Append(l.Validator);
            }

            sb.Append(";\n");
            d.Owner(sb, "LANGUAGE", name, l.Owner);
            d.Acl(sb, "LANGUAGE", name, null, l.Acl, l.Initial, of: new(CatalogId.PgLanguage, l.Oid));
            session.Describe(sb, "LANGUAGE", name, CatalogId.PgLanguage, l.Oid);
            plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgLanguage, l.Oid),
                Kind = "PROCEDURAL LANGUAGE",
                Schema = null,
                Name = l.Name,
                Owner = l.Owner,
                Section = DumpSection.PreData,
                Priority = SortPriority.ProcLanguage,
                Sql = sb.ToString(),
                DropSql = d.Drop("PROCEDURAL LANGUAGE", name),
            });
        }
    }
}
