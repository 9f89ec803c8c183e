using Npgsql;

namespace PgSnap.Restore.Safety;

/// <summary>Checks on the target database before anything runs: is it empty, do the archive's roles exist.</summary>
internal static class TargetInspector
{
    /// <summary>
    /// Schemas a managed platform (Supabase) creates in every new database: their objects are not the user's,
    /// so they do not make a target "not empty".
    /// </summary>
    private static readonly string[] s_platformSchemas =
    [
        "auth", "storage", "realtime", "_realtime", "extensions", "graphql", "graphql_public", "vault", "pgsodium",
        "pgsodium_masks", "supabase_functions", "supabase_migrations", "net", "cron", "pgbouncer", "_analytics", "pgtle",
    ];

    private const string UserObjectsSql = """
        WITH user_ns AS (
            SELECT oid, nspname FROM pg_catalog.pg_namespace
            WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\_toast%'
              AND nspname NOT LIKE 'pg\_temp%' AND nspname <> ALL($1)),
        objs AS (
            SELECT 'relation ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS what, c.oid, 'pg_class'::regclass AS cls
            FROM pg_catalog.pg_class c JOIN user_ns n ON n.oid = c.relnamespace
            UNION ALL
            SELECT 'function ' || quote_ident(n.nspname) || '.' || quote_ident(p.proname), p.oid, 'pg_proc'::regclass
            FROM pg_catalog.pg_proc p JOIN user_ns n ON n.oid = p.pronamespace
            UNION ALL
            SELECT 'schema ' || quote_ident(n.nspname), n.oid, 'pg_namespace'::regclass
            FROM user_ns n WHERE n.nspname <> 'public')
        SELECT count(*), min(what) FROM objs o
        WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = o.cls AND d.objid = o.oid AND d.deptype = 'e')
        """;

    /// <summary>Refuses (exit 6) when the target holds user objects.</summary>
    public static async Task EnsureEmptyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(UserObjectsSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = s_platformSchemas, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var count = reader.GetInt64(0);
        if (count > 0)
        {
            var example = reader.GetString(1);
            throw new PgSnapException(PgSnapErrorKind.Refused,
                $"target database \"{connection.Database}\" already holds {count} user object(s), e.g. {example}: restore into an empty database, or pass --clean (drop what the archive creates) or --force");
        }
    }

    /// <summary>Refuses (exit 6) naming every role in <paramref name="roles"/> that the target lacks.</summary>
    public static async Task EnsureRolesExistAsync(NpgsqlConnection connection, IReadOnlyCollection<string> roles, string hint, CancellationToken cancellationToken)
    {
        if (roles.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            "SELECT r FROM unnest($1::text[]) AS r WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) ORDER BY r", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = roles.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        var missing = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                missing.Add(reader.GetString(0));
            }
        }

        if (missing.Count > 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Refused,
                $"the archive names role(s) that do not exist in the target: {string.Join(", ", missing)} ({hint})");
        }
    }
}
