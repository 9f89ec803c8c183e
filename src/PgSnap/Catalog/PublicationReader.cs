using PgSnap.Dump;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Publications with their tables (column lists and row filters on 15+) and schemas; Emit/PublicationEmitter writes
/// them. Left out with --no-publications. The Supabase profile never creates supabase_realtime (the platform owns it)
/// but keeps the project's tables in it.
/// </summary>
internal static class PublicationReader
{
    /// <param name="relations">Oids of the relations whose definitions are dumped: only their memberships are read.</param>
    public static async Task<PublicationSet> ReadAsync(CatalogSession session, IEnumerable<uint> relations, CancellationToken ct)
    {
        if (session.Options.NoPublications)
        {
            return new PublicationSet([], [], []);
        }

        var v15 = session.ServerVersion >= 150000;
        var generatedColumns = session.ServerVersion >= 180000 ? "p.pubgencols::text" : "'n'";
        var supabase = session.Options.Profile == DumpProfile.Supabase;
        var pubs = await session.QueryAsync(
            $"""
            SELECT p.oid, p.pubname, pg_catalog.pg_get_userbyid(p.pubowner), p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot,
                   {generatedColumns}
            FROM pg_catalog.pg_publication p ORDER BY p.pubname
            """,
            r => new PublicationRecord(
                r.Oid(0), r.GetString(1), r.GetString(2), true, r.GetBoolean(3), r.GetBoolean(4), r.GetBoolean(5), r.GetBoolean(6), r.GetBoolean(7),
                r.GetBoolean(8), r.GetString(9) == "s", session.DescriptionOf(CatalogId.PgPublication, r.Oid(0))),
            ct);
        var publications = pubs
            .Select(p => p with { Create = !(session.IsSelective || (supabase && p.Name == "supabase_realtime")) })
            .ToList();

        var extra = v15
            ? """
              , (SELECT pg_catalog.array_agg(a.attname ORDER BY a.attnum) FROM pg_catalog.pg_attribute a WHERE a.attrelid = pr.prrelid AND a.attnum = ANY(pr.prattrs)),
                pg_catalog.pg_get_expr(pr.prqual, pr.prrelid)
              """
            : ", NULL::text[], NULL::text";
        var tables = await session.QueryAsync(
            $"SELECT pr.oid, pr.prpubid, pr.prrelid {extra} FROM pg_catalog.pg_publication_rel pr WHERE pr.prrelid = ANY(@rels)",
            r => new PublicationTableRecord(r.Oid(0), r.Oid(1), r.Oid(2), r.Arr(3), r.Str(4)),
            ct,
            ("rels", relations.ToArray()));

        var schemas = new List<PublicationSchemaRecord>();
        if (v15)
        {
            schemas = await session.QueryAsync(
                "SELECT pn.oid, pn.pnpubid, pn.pnnspid FROM pg_catalog.pg_publication_namespace pn WHERE pn.pnnspid = ANY(@schemas)",
                r => new PublicationSchemaRecord(r.Oid(0), r.Oid(1), session.DumpedSchemas[r.Oid(2)]),
                ct,
                ("schemas", session.DumpedSchemaOids));
        }

        return new PublicationSet(publications, tables, schemas);
    }
}
