using Npgsql;
using PgSnap.Catalog;

namespace PgSnap.Restore.Target;

/// <summary>
/// The one definition of "the database holds user objects", used by restore's refusal of a non-empty target, by
/// --clean (what it leaves in place), by the safety backup and by drill: user schemas, relations, routines, types
/// and large objects, leaving out the system schemas, objects that belong to an extension (created by CREATE
/// EXTENSION, not by the user), sequences that belong to a column (identity, serial: they go with their table), functions that belong to a type
/// (a range's constructors),
/// and on a Supabase project the schemas the platform manages (<see cref="SupabaseProfile.ManagedSchemas"/>).
/// <c>public</c> itself does not count: every new database has it.
/// </summary>
public static class DatabaseContents
{
    private const string ListSql =
        """
        WITH ext AS (SELECT classid, objid FROM pg_catalog.pg_depend WHERE deptype = 'e'),
        supabase AS (SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'supabase_admin') AS yes),
        user_ns AS (
            SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND n.nspname NOT LIKE 'pg\_temp\_%' AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'
              AND NOT (n.nspname LIKE ANY ($1) AND (SELECT yes FROM supabase))
              AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND ext.objid = n.oid)),
        objs AS (
            SELECT 'pg_catalog.pg_namespace'::pg_catalog.regclass AS classid, oid AS objid FROM user_ns WHERE nspname <> 'public'
            UNION ALL
            SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, c.oid FROM pg_catalog.pg_class c JOIN user_ns ON user_ns.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                              AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i') AND c.relkind = 'S')
            UNION ALL
            SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid FROM pg_catalog.pg_proc p JOIN user_ns ON user_ns.oid = p.pronamespace
            WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'i')
            UNION ALL
            SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid FROM pg_catalog.pg_type t JOIN user_ns ON user_ns.oid = t.typnamespace
            WHERE t.typtype IN ('e', 'd', 'r', 'p') OR (t.typtype = 'b' AND t.typcategory <> 'A') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c'))
            UNION ALL
            SELECT 'pg_catalog.pg_largeobject'::pg_catalog.regclass, oid FROM pg_catalog.pg_largeobject_metadata)
        SELECT o.classid::pg_catalog.oid, o.objid, i.type || ' ' || i.identity
        FROM objs o CROSS JOIN LATERAL pg_catalog.pg_identify_object(o.classid, o.objid, 0) i
        WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = o.classid AND ext.objid = o.objid)
        ORDER BY 3
        """;

    /// <summary>The connected database's user objects, each with its catalog address and description ("table public.t").</summary>
    public static async Task<IReadOnlyList<UserObject>> ListUserObjectsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(ListSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ManagedSchemaPatterns, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        var list = new List<UserObject>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new UserObject(reader.GetFieldValue<uint>(0), reader.GetFieldValue<uint>(1), reader.GetString(2)));
        }

        return list;
    }

    /// <summary>How many user objects the connected database holds (0 for a fresh database).</summary>
    public static async Task<long> CountUserObjectsAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        (await ListUserObjectsAsync(connection, cancellationToken).ConfigureAwait(false)).Count;

    /// <summary>The Supabase profile's managed schemas as LIKE patterns (psql's <c>*</c> becomes <c>%</c>).</summary>
    private static string[] ManagedSchemaPatterns { get; } =
        [.. SupabaseProfile.ManagedSchemas.Select(static p => p.Replace("_", "\\_", StringComparison.Ordinal).Replace("*", "%", StringComparison.Ordinal))];
}

/// <summary>One user object: its catalog address (pg_class, pg_proc… and oid) and "type identity" description.</summary>
public sealed record UserObject(uint ClassId, uint ObjId, string Description);
