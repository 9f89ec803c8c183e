using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads the connected database's definition for -C (pg_dump's dumpDatabase and dumpDatabaseConfig): encoding,
/// locale per server version, owner, comment, privileges, connection limit and its settings.
/// </summary>
internal static class DatabaseReader
{
    public static async Task<DatabaseRecord> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        var v = session.ServerVersion;
        var locale = v >= 170000 ? "datlocprovider::text, datlocale"
            : v >= 150000 ? "datlocprovider::text, daticulocale"
            : "NULL::text, NULL::text";
        var rules = v >= 160000 ? "daticurules" : "NULL::text";
        var database = (await session.QueryAsync(
            $"""
            SELECT d.datname, pg_catalog.pg_get_userbyid(d.datdba), pg_catalog.pg_encoding_to_char(d.encoding), {locale},
                   d.datcollate, d.datctype, {rules},
                   (SELECT spcname FROM pg_catalog.pg_tablespace t WHERE t.oid = d.dattablespace AND t.spcname <> 'pg_default'),
                   d.datconnlimit, d.datacl::text[], pg_catalog.acldefault('d', d.datdba)::text[],
                   pg_catalog.shobj_description(d.oid, 'pg_database')
            FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()
            """,
            r => new DatabaseRecord(
                r.GetString(0), r.GetString(1), r.GetString(2), r.Str(3) is { } provider ? provider[0] : null, r.GetString(5), r.GetString(6), r.Str(4), r.Str(7), r.Str(8),
                r.GetInt32(9), r.Arr(10), r.Arr(11) ?? [], r.Str(12), [], []),
            ct))[0];
        const string ThisDatabase = "(SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())";
        var settings = await session.QueryAsync(
            $"""
            SELECT c.setting FROM pg_catalog.pg_db_role_setting s
            CROSS JOIN LATERAL pg_catalog.unnest(s.setconfig) WITH ORDINALITY AS c(setting, n)
            WHERE s.setrole = 0 AND s.setdatabase = {ThisDatabase} ORDER BY c.n
            """,
            r => r.GetString(0),
            ct);
        var roleSettings = await session.QueryAsync(
            $"""
            SELECT r.rolname, c.setting FROM pg_catalog.pg_db_role_setting s
            JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
            CROSS JOIN LATERAL pg_catalog.unnest(s.setconfig) WITH ORDINALITY AS c(setting, n)
            WHERE s.setdatabase = {ThisDatabase} ORDER BY r.rolname COLLATE "C", c.n
            """,
            r => (r.GetString(0), r.GetString(1)),
            ct);
        return database with { Settings = settings, RoleSettings = roleSettings };
    }
}
