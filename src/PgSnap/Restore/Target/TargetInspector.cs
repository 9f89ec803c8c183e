using Npgsql;

namespace PgSnap.Restore.Target;

/// <summary>Checks on the target database before anything runs: is it empty, do the archive's roles exist.</summary>
internal static class TargetInspector
{
    /// <summary>
    /// Refuses (exit 6) when the target holds user objects (<paramref name="userObjects"/>, from
    /// <see cref="PgSnap.Restore.Target.DatabaseContents"/>, the one definition of "not empty").
    /// </summary>
    /// <param name="which">What the objects are (e.g. "of the selected objects"), or null for all user objects.</param>
    public static void EnsureEmpty(NpgsqlConnection connection, IReadOnlyList<PgSnap.Restore.Target.UserObject> userObjects, string? which)
    {
        if (userObjects.Count > 0 && which is null)
        {
            throw new PgSnapException(PgSnapErrorKind.Refused,
                $"target database \"{connection.Database}\" already holds {userObjects.Count} user object(s), e.g. {userObjects[0].Description}: restore into an empty database, or pass --clean (drop what the archive creates) or --force");
        }

        if (userObjects.Count > 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Refused,
                $"target database \"{connection.Database}\" already holds {userObjects.Count} {which}: {string.Join(", ", userObjects.Select(static o => o.Description))}: pass --clean (drop them first) or --force");
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
