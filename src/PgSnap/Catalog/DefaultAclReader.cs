using System.Text;
using PgSnap.Dump;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// ALTER DEFAULT PRIVILEGES entries. They go last in post-data: applied earlier, they would also grant on the
/// objects the dump itself creates, which the source database never did. A global entry (no schema) is compared
/// with the built-in defaults; a per-schema entry only adds to them.
/// </summary>
internal static class DefaultAclReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        if (session.Options.NoAcl || session.IsSelective)
        {
            return;
        }

        var q = session.Quoting;
        var rows = await session.QueryAsync(
            """
            SELECT d.oid, pg_catalog.pg_get_userbyid(d.defaclrole), d.defaclnamespace, n.nspname, d.defaclobjtype::text, d.defaclacl::text[],
                   CASE WHEN d.defaclnamespace = 0 THEN pg_catalog.acldefault(CASE d.defaclobjtype WHEN 'S' THEN 's' ELSE d.defaclobjtype END::"char", d.defaclrole)::text[] END
            FROM pg_catalog.pg_default_acl d LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace
            ORDER BY 2, 4, 5
            """,
            r => (Oid: r.Oid(0), Role: r.GetString(1), SchemaOid: r.Oid(2), Schema: r.Str(3), Type: r.GetString(4)[0], Acl: r.Arr(5), Initial: r.Arr(6)),
            ct);
        var supabase = session.Options.Profile == DumpProfile.Supabase;
        foreach (var d in rows)
        {
            if (d.SchemaOid != 0 && !session.DumpedSchemas.ContainsKey(d.SchemaOid))
            {
                continue;
            }

            if (supabase && SupabaseProfile.PlatformOwners.Contains(d.Role))
            {
                continue;
            }

            var objects = d.Type switch { 'r' => "TABLES", 'S' => "SEQUENCES", 'f' => "FUNCTIONS", 'T' => "TYPES", 'n' => "SCHEMAS", _ => null };
            if (objects is null)
            {
                continue;
            }

            var prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + q.Ident(d.Role) + (d.Schema is null ? string.Empty : " IN SCHEMA " + q.Ident(d.Schema)) + " ";
            var body = Ddl.AclCommands.Build(q, objects, string.Empty, null, d.Acl, d.Initial);
            if (body.Length == 0)
            {
                continue;
            }

            // AclCommands writes "GRANT x ON TABLES  TO r;": prefix each statement with the ALTER DEFAULT PRIVILEGES clause.
            var sb = new StringBuilder();
            foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                sb.Append(prefix).Append(line.Replace(" ON " + objects + "  ", " ON " + objects + " ", StringComparison.Ordinal)).Append('\n');
            }

            plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgDefaultAcl, d.Oid),
                Kind = "DEFAULT ACL",
                Schema = d.Schema,
                Name = "DEFAULT PRIVILEGES FOR " + objects,
                Owner = d.Role,
                Section = DumpSection.PostData,
                Priority = SortPriority.DefaultAcl,
                Sql = sb.ToString(),
            });
        }
    }
}
