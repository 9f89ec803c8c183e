using System.Text;
using Npgsql;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;

namespace PgSnap.Restore.Selection;

/// <summary>
/// A selective restore's foreign keys that reference a table neither restored nor present in the target: their
/// ALTER TABLE … ADD CONSTRAINT would fail the whole restore, so they are left out with a warning naming them
/// (the table comes back without that constraint, which can be added once the referenced table is there).
/// </summary>
public static class DanglingForeignKeys
{
    /// <summary>
    /// <paramref name="selected"/> without its dangling foreign keys; one warning per key left out goes to
    /// <paramref name="warnings"/>. Only the FK CONSTRAINT blocks (small) are read.
    /// </summary>
    public static async Task<IReadOnlyList<BlockRecord>> LeaveOutAsync(
        NpgsqlConnection connection, ArchiveIndex index, IReadOnlyList<BlockRecord> selected, List<string> warnings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(selected);
        ArgumentNullException.ThrowIfNull(warnings);
        var restored = selected.Where(static b => b.Kind is "TABLE" or "FOREIGN TABLE" && b.Name is not null)
            .Select(static b => (b.Schema, b.Name)).ToHashSet();
        var kept = new List<BlockRecord>(selected.Count);
        foreach (var b in selected)
        {
            if (b.Kind != "FK CONSTRAINT")
            {
                kept.Add(b);
                continue;
            }

            string text;
            using (var reader = new StreamReader(index.OpenBlock(b), Encoding.UTF8))
            {
                text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            }

            var referenced = ReferencedTable(text);
            if (referenced is null || restored.Contains((referenced.Value.Schema, referenced.Value.Name))
                || await ExistsAsync(connection, referenced.Value.Schema, referenced.Value.Name, cancellationToken).ConfigureAwait(false))
            {
                kept.Add(b);
                continue;
            }

            // The entry is named as pg_dump tags it, "table constraint".
            var on = b.Table is { } t ? $"{t.Schema}.{t.Name}" : b.Schema;
            var name = b.Table is { } owner && b.Name is { } tagged && tagged.StartsWith(owner.Name + " ", StringComparison.Ordinal) ? tagged[(owner.Name.Length + 1)..] : b.Name;
            warnings.Add($"foreign key {name} on {on} skipped: it references {referenced.Value.Schema}.{referenced.Value.Name}, which is neither restored nor in the target");
        }

        return kept;
    }

    /// <summary>The schema and name after "REFERENCES " (each part bare or double-quoted), or null when the text has none.</summary>
    internal static (string? Schema, string Name)? ReferencedTable(string sql)
    {
        var parts = QualifiedNameReader.After(sql, " REFERENCES ");
        return parts.Count switch
        {
            1 => (null, parts[0]),
            2 => (parts[0], parts[1]),
            _ => null,
        };
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string? schema, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = $2 AND ($1::text IS NULL OR n.nspname = $1))",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)schema ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = name, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
