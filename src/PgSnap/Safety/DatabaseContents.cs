using Npgsql;

namespace PgSnap.Safety;

/// <summary>
/// Whether a database holds anything a restore could destroy: user schemas, relations, functions, types, or large
/// objects, leaving out the system schemas and objects that belong to an extension (created by CREATE EXTENSION,
/// not by the user). <c>public</c> itself does not count: every new database has it.
/// </summary>
public static class DatabaseContents
{
    private const string CountSql =
        """
        WITH ext AS (SELECT classid, objid FROM pg_catalog.pg_depend WHERE deptype = 'e'),
        user_ns AS (
            SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND n.nspname NOT LIKE 'pg\_temp\_%' AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'
              AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND ext.objid = n.oid))
        SELECT
          (SELECT count(*) FROM user_ns WHERE nspname <> 'public')
        + (SELECT count(*) FROM pg_catalog.pg_class c JOIN user_ns ON user_ns.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
             AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ext.objid = c.oid))
        + (SELECT count(*) FROM pg_catalog.pg_proc p JOIN user_ns ON user_ns.oid = p.pronamespace
           WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND ext.objid = p.oid))
        + (SELECT count(*) FROM pg_catalog.pg_type t JOIN user_ns ON user_ns.oid = t.typnamespace
           WHERE t.typtype IN ('e', 'd', 'r', 'm') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c')))
        + (SELECT count(*) FROM pg_catalog.pg_largeobject_metadata)
        """;

    /// <summary>How many user objects the connected database holds (0 for a fresh database).</summary>
    public static async Task<long> CountUserObjectsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(CountSql, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
