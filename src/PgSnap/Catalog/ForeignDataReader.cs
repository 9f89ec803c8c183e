using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Foreign-data wrappers, foreign servers and user mappings (foreign tables are read with the other relations);
/// Emit/ForeignDataEmitter writes them. These are database-wide objects, left out when -n or -t narrows the dump.
/// </summary>
internal static class ForeignDataReader
{
    public static async Task<ForeignDataSet> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        if (session.IsSelective)
        {
            return new ForeignDataSet([], []);
        }

        List<ForeignDataWrapperRecord> wrappers = [];
        List<ForeignServerRecord> servers = [];
        List<(uint Server, UserMappingRecord Mapping)> mappings = [];

        // Three independent queries, one round trip.
        await session.QueryBatchAsync(
            ct,
            CatalogQuery.Into(
            wrappers,
            """
            SELECT w.oid, w.fdwname, pg_catalog.pg_get_userbyid(w.fdwowner), NULLIF(w.fdwhandler, 0)::pg_catalog.regproc::text,
                   NULLIF(w.fdwvalidator, 0)::pg_catalog.regproc::text, w.fdwoptions, w.fdwacl::text[], pg_catalog.acldefault('F', w.fdwowner)::text[]
            FROM pg_catalog.pg_foreign_data_wrapper w ORDER BY w.fdwname
            """,
            r => new ForeignDataWrapperRecord(
                r.Oid(0), r.GetString(1), r.GetString(2), r.Str(3), r.Str(4), r.Arr(5), r.Arr(6), r.Arr(7),
                session.DescriptionOf(CatalogId.PgForeignDataWrapper, r.Oid(0)))),
            CatalogQuery.Into(
            servers,
            """
            SELECT s.oid, s.srvname, pg_catalog.pg_get_userbyid(s.srvowner), w.fdwname, s.srvtype, s.srvversion, s.srvoptions,
                   s.srvacl::text[], pg_catalog.acldefault('S', s.srvowner)::text[], s.srvfdw
            FROM pg_catalog.pg_foreign_server s JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw ORDER BY s.srvname
            """,
            r => new ForeignServerRecord(
                r.Oid(0), r.GetString(1), r.GetString(2), r.Oid(9), r.GetString(3), r.Str(4), r.Str(5), r.Arr(6), r.Arr(7), r.Arr(8),
                session.DescriptionOf(CatalogId.PgForeignServer, r.Oid(0)), [])),
            CatalogQuery.Into(
            mappings,
            "SELECT m.srvid, m.usename, m.umoptions, m.umid FROM pg_catalog.pg_user_mappings m ORDER BY m.usename",
            r => (Server: r.Oid(0), Mapping: new UserMappingRecord(r.Oid(3), r.GetString(1), r.Arr(2))))).ConfigureAwait(false);
        var mappingsOf = mappings.ToLookup(m => m.Server, m => m.Mapping);
        return new ForeignDataSet(
            [.. wrappers.Where(w => !session.IsExtensionMember(CatalogId.PgForeignDataWrapper, w.Oid))],
            [.. servers.Where(s => !session.IsExtensionMember(CatalogId.PgForeignServer, s.Oid)).Select(s => s with { Mappings = [.. mappingsOf[s.Oid]] })]);
    }
}
