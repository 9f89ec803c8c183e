using Npgsql;
using PgSnap.Catalog;
using PgSnap.Model;

namespace PgSnap.Dump.Preflight;

/// <summary>
/// What the preflight asks the server before its checks, in one round trip (README, "Latency, many objects, round
/// trips"): the version, the connecting role (and how SQL spells it, for the GRANTs it suggests), the number of large
/// objects when the dump copies them, and the extensions' members (the selection leaves them out).
/// </summary>
internal sealed record ServerFacts(int Version, string Role, string QuotedRole, int LargeObjects, IReadOnlyList<(CatalogId Member, uint Extension)> ExtensionMembers)
{
    public static async Task<ServerFacts> ReadAsync(NpgsqlConnection connection, bool countLargeObjects, CancellationToken ct)
    {
        (int Version, string Role, string Quoted, int LargeObjects) server = (0, "", "", 0);
        var members = new List<(CatalogId, uint)>();
        var largeObjects = countLargeObjects ? "(SELECT count(*)::int4 FROM pg_catalog.pg_largeobject_metadata)" : "0";
        await CatalogBatch.QueryAsync(
            connection,
            ct,
            new CatalogQuery(
                $"SELECT pg_catalog.current_setting('server_version_num')::int4, current_user::text, pg_catalog.quote_ident(current_user), {largeObjects}",
                r => server = (r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetInt32(3))),
            new CatalogQuery(CatalogSession.ExtensionMembersSql, r => members.Add(CatalogSession.ExtensionMember(r)))).ConfigureAwait(false);
        return new ServerFacts(server.Version, server.Role, server.Quoted, server.LargeObjects, members);
    }
}
