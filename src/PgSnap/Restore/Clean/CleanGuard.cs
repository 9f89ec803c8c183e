using Npgsql;
using PgSnap.Restore.Target;

namespace PgSnap.Restore.Clean;

/// <summary>
/// Proof that --clean left in place what the archive does not hold. A DROP … CASCADE also removes what depends on
/// the dropped object, and the target may hold such things the archive does not (a view or a foreign key a
/// migration added over an archive table, a column of an archive type in a new table, a new table in an archive
/// schema). The guard lists the target's user objects (<see cref="DatabaseContents"/>) and their parts (columns,
/// constraints, indexes, triggers, policies, rules) before and after the drops, inside the same transaction; if a
/// part of anything the archive does not hold disappeared, the restore stops (exit 6) and the transaction is rolled
/// back, so nothing changed.
/// </summary>
internal sealed class CleanGuard
{
    private const string PartsSql =
        """
        SELECT * FROM (
        SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid AS classid, a.attrelid AS objid, a.attnum::int AS subid,
               'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid AS topclass, a.attrelid AS topid
        FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
        WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass::pg_catalog.oid, o.oid, 0,
               CASE WHEN o.conrelid <> 0 THEN 'pg_catalog.pg_class'::pg_catalog.regclass ELSE 'pg_catalog.pg_type'::pg_catalog.regclass END::pg_catalog.oid,
               CASE WHEN o.conrelid <> 0 THEN o.conrelid ELSE o.contypid END
        FROM pg_catalog.pg_constraint o WHERE o.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid, i.indexrelid, 0, 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid, i.indrelid
        FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid WHERE i.indexrelid >= 16384 AND c.relkind <> 't'
        UNION ALL
        SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass::pg_catalog.oid, t.oid, 0, 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid, t.tgrelid
        FROM pg_catalog.pg_trigger t WHERE NOT t.tgisinternal AND t.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_policy'::pg_catalog.regclass::pg_catalog.oid, p.oid, 0, 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid, p.polrelid
        FROM pg_catalog.pg_policy p WHERE p.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass::pg_catalog.oid, r.oid, 0, 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid, r.ev_class
        FROM pg_catalog.pg_rewrite r WHERE r.rulename <> '_RETURN' AND r.oid >= 16384) p
        WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = p.topclass AND d.objid = p.topid AND d.deptype = 'e')
        """;

    private readonly Dictionary<(uint, uint, int), (uint TopClass, uint TopId)> _parts;

    private CleanGuard(Dictionary<(uint, uint, int), (uint, uint)> parts)
    {
        _parts = parts;
    }

    /// <summary>Reads the target's user objects and their parts.</summary>
    public static async Task<CleanGuard> SnapshotAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var parts = new Dictionary<(uint, uint, int), (uint, uint)>();
        foreach (var o in await DatabaseContents.ListUserObjectsAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            parts[(o.ClassId, o.ObjId, 0)] = (o.ClassId, o.ObjId);
        }

        await using var command = new NpgsqlCommand(PartsSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            parts.TryAdd((reader.GetFieldValue<uint>(0), reader.GetFieldValue<uint>(1), reader.GetInt32(2)), (reader.GetFieldValue<uint>(3), reader.GetFieldValue<uint>(4)));
        }

        return new CleanGuard(parts);
    }

    /// <summary>
    /// Refuses (exit 6) when something present in this snapshot is gone in <paramref name="after"/> although it
    /// belongs to a user object the archive does not hold, naming each. The drops must have run after
    /// <c>SAVEPOINT pgsnap_clean</c>: the guard rolls back to it to read the names of what they removed.
    /// </summary>
    public async Task EnsureKeptAsync(CleanGuard after, CleanPlan plan, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(plan);
        var gone = _parts.Where(p => !after._parts.ContainsKey(p.Key) && !plan.Holds(p.Value.TopClass, p.Value.TopId)).ToList();
        if (gone.Count == 0)
        {
            return;
        }

        // A removed view is named once, not once more for each of its columns.
        var goneTops = gone.Where(static p => p.Key == (p.Value.TopClass, p.Value.TopId, 0)).Select(static p => p.Value).ToHashSet();
        var lost = gone.Where(p => p.Key == (p.Value.TopClass, p.Value.TopId, 0) || !goneTops.Contains(p.Value)).Select(static p => p.Key).ToList();

        // Names schema-qualified (the restore is abandoned: its transaction, and this setting, end with it).
        await using (var rollback = new NpgsqlCommand("ROLLBACK TO SAVEPOINT pgsnap_clean; SET LOCAL search_path = ''", connection))
        {
            await rollback.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var names = new List<string>();
        await using (var describe = new NpgsqlCommand(
            "SELECT pg_catalog.pg_describe_object(c, o, s) FROM unnest($1::pg_catalog.oid[], $2::pg_catalog.oid[], $3::int[]) AS x(c, o, s) ORDER BY 1", connection))
        {
            describe.Parameters.Add(new NpgsqlParameter { Value = lost.Select(static l => l.Item1).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Oid });
            describe.Parameters.Add(new NpgsqlParameter { Value = lost.Select(static l => l.Item2).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Oid });
            describe.Parameters.Add(new NpgsqlParameter { Value = lost.Select(static l => l.Item3).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer });
            await using var reader = await describe.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                names.Add(reader.IsDBNull(0) ? "(unnamed)" : reader.GetString(0));
            }
        }

        var shown = string.Join(", ", names.Take(20)) + (names.Count > 20 ? $" and {names.Count - 20} more" : string.Empty);
        throw new PgSnapException(PgSnapErrorKind.Refused,
            $"--clean would also remove {names.Count} thing(s) the archive does not hold, because they depend on objects it recreates: {shown}; nothing was changed. Drop or detach them first, or restore into an empty database");
    }
}
