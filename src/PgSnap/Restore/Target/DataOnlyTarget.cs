using System.Text;
using Npgsql;
using PgSnap.Restore.Input;

namespace PgSnap.Restore.Target;

/// <summary>
/// The target check of a data-only archive, whose natural target holds the schema with empty tables: every table
/// the archive fills must exist (else a clear error before anything runs) and be empty (else a refusal naming the
/// tables that hold rows, unless --force, which appends).
/// </summary>
internal static class DataOnlyTarget
{
    private const string ResolveSql =
        """
        SELECT e.nsp, e.name, c.oid IS NOT NULL, coalesce(c.relkind::text, ''), CASE WHEN c.oid IS NOT NULL THEN format('%I.%I', n.nspname, c.relname) ELSE '' END
        FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS e(nsp, name, ord)
        LEFT JOIN pg_catalog.pg_namespace n ON translate(n.nspname, E'\n\r', '  ') = translate(e.nsp, E'\n\r', '  ')
        LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND translate(c.relname, E'\n\r', '  ') = translate(e.name, E'\n\r', '  ')
             AND c.relkind IN ('r', 'p', 'f', 'm')
        ORDER BY e.ord
        """;

    /// <summary>Throws <see cref="PgSnapErrorKind.Refused"/> unless the target is ready for <paramref name="tables"/>.</summary>
    public static async Task EnsureReadyAsync(NpgsqlConnection connection, IReadOnlyList<TocEntry> tables, bool force, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        var present = new List<(string Name, string Qualified)>();
        await using (var command = new NpgsqlCommand(ResolveSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = tables.Select(static t => t.Schema ?? "public").ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = tables.Select(static t => t.Name).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var name = $"{reader.GetString(0)}.{reader.GetString(1)}";
                if (!reader.GetBoolean(2))
                {
                    missing.Add(name);
                }
                else if (reader.GetString(3) is "r" or "p")
                {
                    // A foreign table's rows live elsewhere and a materialized view is refreshed, not appended to.
                    present.Add((name, (reader.GetString(3) == "r" ? "ONLY " : string.Empty) + reader.GetString(4)));
                }
            }
        }

        if (missing.Count > 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Refused,
                $"the archive is data-only and fills {missing.Count} table(s) the target lacks: {Join(missing)}; restore the schema first (e.g. a --schema-only dump or your migrations); nothing was restored");
        }

        if (force || present.Count == 0)
        {
            return;
        }

        var sql = new StringBuilder();
        for (var i = 0; i < present.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : " UNION ALL ")
               .Append("SELECT ").Append(i).Append(" WHERE EXISTS (SELECT 1 FROM ").Append(present[i].Qualified).Append(')');
        }

        var filled = new List<string>();
        await using (var check = new NpgsqlCommand(sql.ToString(), connection))
        await using (var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                filled.Add(present[reader.GetInt32(0)].Name);
            }
        }

        if (filled.Count > 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Refused,
                $"the archive is data-only and {filled.Count} of the tables it fills already hold rows: {Join(filled)}; empty them first, or pass --force to append to them");
        }
    }

    private static string Join(List<string> names) => string.Join(", ", names.Take(20)) + (names.Count > 20 ? $" and {names.Count - 20} more" : string.Empty);
}
