using PgSnap.Dump;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// ALTER DEFAULT PRIVILEGES entries: global ones and those of dumped schemas, not those of the platform's roles
/// under the Supabase profile. Left out when -n or -t narrows the dump, and not read under --no-acl.
/// </summary>
internal static class DefaultAclReader
{
    public static async Task<IReadOnlyList<DefaultAclRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        if (session.Options.NoAcl || session.IsSelective)
        {
            return [];
        }

        var rows = await session.QueryAsync(
            """
            SELECT d.oid, pg_catalog.pg_get_userbyid(d.defaclrole), d.defaclnamespace, n.nspname, d.defaclobjtype::text, d.defaclacl::text[],
                   CASE WHEN d.defaclnamespace = 0 THEN pg_catalog.acldefault(CASE d.defaclobjtype WHEN 'S' THEN 's' ELSE d.defaclobjtype END::"char", d.defaclrole)::text[] END
            FROM pg_catalog.pg_default_acl d LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace
            ORDER BY 2, 4, 5
            """,
            r => (SchemaOid: r.Oid(2), Record: new DefaultAclRecord(r.Oid(0), r.GetString(1), r.Str(3), r.GetString(4)[0], r.Arr(5), r.Arr(6))),
            ct);
        var supabase = session.Options.Profile == DumpProfile.Supabase;
        return [.. rows
            .Where(d => d.SchemaOid == 0 || session.DumpedSchemas.ContainsKey(d.SchemaOid))
            .Where(d => !(supabase && SupabaseProfile.PlatformOwners.Contains(d.Record.Role)))
            .Select(d => d.Record)];
    }
}
