using System.Text;
using PgSnap.Emit;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Reads the dumped schemas. The public schema exists in every new database, so it is never created or dropped;
/// only its owner, privileges and comment are carried over when they differ from a fresh database's.
/// The public schema's privileges: <see cref="Emit.PublicSchemaPrivileges"/>.
/// </summary>
internal static class SchemaReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        var q = session.Quoting;
        var d = session.Decorations;
        var rows = await session.QueryAsync(
            """
            SELECT n.oid, n.nspname, pg_catalog.pg_get_userbyid(n.nspowner), n.nspacl::text[],
                   COALESCE(ip.initprivs, pg_catalog.acldefault('n', n.nspowner))::text[],
                   COALESCE(n.nspacl, pg_catalog.acldefault('n', n.nspowner))::text[],
                   (pg_catalog.acldefault('n', n.nspowner))[1]::text, pg_catalog.makeaclitem(0, n.nspowner, 'USAGE', false)::text
            FROM pg_catalog.pg_namespace n
            LEFT JOIN pg_catalog.pg_init_privs ip ON ip.objoid = n.oid AND ip.classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND ip.objsubid = 0
            WHERE n.oid = ANY(@oids)
            """,
            r => (Oid: r.Oid(0), Name: r.GetString(1), Owner: r.GetString(2), Acl: r.Arr(3), Initial: r.Arr(4),
                  FullAcl: r.Arr(5)!, OwnerItem: r.GetString(6), PublicUsage: r.GetString(7)),
            ct,
            ("oids", session.DumpedSchemaOids));
        foreach (var s in rows)
        {
            var qn = q.Ident(s.Name);
            var isPublic = s.Name == "public";
            var sb = new StringBuilder();
            if (!isPublic)
            {
                sb.Append("CREATE SCHEMA ").Append(qn).Append(";\n");
            }

            if (!isPublic || s.Owner != "pg_database_owner")
            {
                d.Owner(sb, "SCHEMA", qn, s.Owner);
            }

            if (isPublic)
            {
                var (baseline, preamble) = PublicSchemaPrivileges.Plan(s.FullAcl, s.OwnerItem, s.PublicUsage, session.ServerVersion);
                d.AclStatements(sb, preamble);
                d.Acl(sb, "SCHEMA", qn, null, s.FullAcl, baseline, of: new(CatalogId.PgNamespace, s.Oid));
            }
            else
            {
                d.Acl(sb, "SCHEMA", qn, null, s.Acl, s.Initial, of: new(CatalogId.PgNamespace, s.Oid));
            }

            var comment = session.CommentOn(CatalogId.PgNamespace, s.Oid);
            if (!(isPublic && comment == "standard public schema"))
            {
                session.Describe(sb, "SCHEMA", qn, CatalogId.PgNamespace, s.Oid);
            }

            if (sb.Length == 0)
            {
                continue;
            }

            plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgNamespace, s.Oid),
                Kind = "SCHEMA",
                Schema = null,
                Name = s.Name,
                Owner = s.Owner,
                Section = DumpSection.PreData,
                Priority = SortPriority.Namespace,
                Sql = sb.ToString(),
                DropSql = isPublic ? null : d.Drop("SCHEMA", qn),
            });
        }
    }
}
