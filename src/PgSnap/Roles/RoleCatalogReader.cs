using Npgsql;

namespace PgSnap.Roles;

/// <summary>
/// Reads roles, their settings and memberships from catalogs any role can read: <c>pg_roles</c> (not
/// <c>pg_authid</c>, so no superuser is needed and no password is ever fetched), <c>pg_auth_members</c>,
/// <c>pg_shdescription</c> and, when the connecting role may read it, <c>pg_db_role_setting</c>. Read-only
/// queries only, so it runs inside a dump's REPEATABLE READ transaction too.
/// </summary>
internal static class RoleCatalogReader
{
    // Built-in pg_* roles are left out here; the bootstrap superuser is kept, as pg_dumpall keeps it.
    private const string RolesSql = """
        SELECT r.rolname, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin, r.rolreplication,
               r.rolbypassrls, r.rolconnlimit,
               CASE WHEN r.rolvaliduntil IS NULL THEN NULL
                    WHEN NOT pg_catalog.isfinite(r.rolvaliduntil) THEN r.rolvaliduntil::text
                    ELSE pg_catalog.to_char(r.rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' END,
               pg_catalog.shobj_description(r.oid, 'pg_authid')
        FROM pg_catalog.pg_roles r
        WHERE r.rolname !~ '^pg_'
        ORDER BY r.rolname COLLATE "C"
        """;

    private const string SettingsSql = """
        SELECT r.rolname, d.datname, c.setting
        FROM pg_catalog.pg_db_role_setting s
        JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
        LEFT JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase
        CROSS JOIN LATERAL pg_catalog.unnest(s.setconfig) WITH ORDINALITY AS c(setting, n)
        WHERE r.rolname !~ '^pg_' AND (s.setdatabase = 0 OR d.oid IS NOT NULL)
        ORDER BY r.rolname COLLATE "C", d.datname COLLATE "C" NULLS FIRST, c.n
        """;

    // pg_roles.rolconfig holds the per-role (all databases) part when pg_db_role_setting is not readable.
    private const string RoleConfigSql = """
        SELECT r.rolname, NULL::name, c.setting
        FROM pg_catalog.pg_roles r
        CROSS JOIN LATERAL pg_catalog.unnest(r.rolconfig) WITH ORDINALITY AS c(setting, n)
        WHERE r.rolname !~ '^pg_'
        ORDER BY r.rolname COLLATE "C", c.n
        """;

    private const string MembershipsSql15 = """
        SELECT ro.rolname, me.rolname, g.rolname, m.admin_option, NULL::bool, NULL::bool
        FROM pg_catalog.pg_auth_members m
        JOIN pg_catalog.pg_roles ro ON ro.oid = m.roleid
        JOIN pg_catalog.pg_roles me ON me.oid = m.member
        LEFT JOIN pg_catalog.pg_roles g ON g.oid = m.grantor
        ORDER BY ro.rolname COLLATE "C", me.rolname COLLATE "C", g.rolname COLLATE "C"
        """;

    private const string MembershipsSql16 = """
        SELECT ro.rolname, me.rolname, g.rolname, m.admin_option, m.inherit_option, m.set_option
        FROM pg_catalog.pg_auth_members m
        JOIN pg_catalog.pg_roles ro ON ro.oid = m.roleid
        JOIN pg_catalog.pg_roles me ON me.oid = m.member
        LEFT JOIN pg_catalog.pg_roles g ON g.oid = m.grantor
        ORDER BY ro.rolname COLLATE "C", me.rolname COLLATE "C", g.rolname COLLATE "C"
        """;

    public static async Task<RoleCatalog> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var version = await ScalarAsync<int>(connection, "SELECT pg_catalog.current_setting('server_version_num')::int", cancellationToken).ConfigureAwait(false);
        var roles = new List<RoleDefinition>();
        await using (var command = new NpgsqlCommand(RolesSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                roles.Add(new RoleDefinition(
                    reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4),
                    reader.GetBoolean(5), reader.GetBoolean(6), reader.GetBoolean(7), reader.GetInt32(8),
                    reader.IsDBNull(9) ? null : reader.GetString(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10)));
            }
        }

        // Checking the privilege first keeps a refused read from aborting the caller's transaction.
        var settingsReadable = await ScalarAsync<bool>(connection,
            "SELECT pg_catalog.has_table_privilege('pg_catalog.pg_db_role_setting', 'SELECT')", cancellationToken).ConfigureAwait(false);
        var settings = new List<RoleSetting>();
        await using (var command = new NpgsqlCommand(settingsReadable ? SettingsSql : RoleConfigSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var text = reader.GetString(2);
                var eq = text.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    continue;
                }

                settings.Add(new RoleSetting(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), text[..eq], text[(eq + 1)..]));
            }
        }

        var memberships = new List<RoleMembership>();
        await using (var command = new NpgsqlCommand(version >= 160000 ? MembershipsSql16 : MembershipsSql15, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                memberships.Add(new RoleMembership(
                    reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetBoolean(3),
                    reader.IsDBNull(4) ? null : reader.GetBoolean(4), reader.IsDBNull(5) ? null : reader.GetBoolean(5)));
            }
        }

        return new RoleCatalog(version, roles, settings, memberships, settingsReadable);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
