using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads the dumped schemas, with what the public schema's privileges are measured against
/// (<see cref="Emit.SchemaEmitter"/>, <see cref="Emit.PublicSchemaPrivileges"/>).
/// </summary>
internal static class SchemaReader
{
    public static async Task<IReadOnlyList<SchemaRecord>> ReadAsync(CatalogSession session, CancellationToken ct) =>
        await session.QueryAsync(
            """
            SELECT n.oid, n.nspname, pg_catalog.pg_get_userbyid(n.nspowner), n.nspacl::text[],
                   COALESCE(ip.initprivs, pg_catalog.acldefault('n', n.nspowner))::text[],
                   COALESCE(n.nspacl, pg_catalog.acldefault('n', n.nspowner))::text[],
                   (pg_catalog.acldefault('n', n.nspowner))[1]::text, pg_catalog.makeaclitem(0, n.nspowner, 'USAGE', false)::text
            FROM pg_catalog.pg_namespace n
            LEFT JOIN pg_catalog.pg_init_privs ip ON ip.objoid = n.oid AND ip.classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND ip.objsubid = 0
            WHERE n.oid = ANY(@oids)
            """,
            r => new SchemaRecord(r.Oid(0), r.GetString(1), r.GetString(2), r.Arr(3), r.Arr(4), r.Arr(5)!, r.GetString(6), r.GetString(7),
                session.ServerVersion, session.DescriptionOf(CatalogId.PgNamespace, r.Oid(0))),
            ct,
            ("oids", session.DumpedSchemaOids)).ConfigureAwait(false);
}
