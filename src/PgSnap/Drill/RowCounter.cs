using Npgsql;
using PgSnap.Connection;

namespace PgSnap.Drill;

/// <summary>Exact row counts (<c>count(*)</c>) of named tables in one database; null for a table that is not there.</summary>
internal static class RowCounter
{
    public static async Task<Dictionary<(string Schema, string Name), long?>> CountAsync(
        ConnectionSpec database, IEnumerable<(string Schema, string Name)> tables, CancellationToken ct)
    {
        var result = new Dictionary<(string, string), long?>();
        await using var dataSource = DataSourceFactory.Create(database, "pgsnap drill");
        await using var connection = await DataSourceFactory.OpenAsync(dataSource, database, ct).ConfigureAwait(false);
        foreach (var (schema, name) in tables)
        {
            var qualified = Quote(schema) + "." + Quote(name);
            await using var exists = new NpgsqlCommand("SELECT pg_catalog.to_regclass(@q) IS NOT NULL", connection);
            exists.Parameters.AddWithValue("q", qualified);
            if (!(bool)(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
            {
                result[(schema, name)] = null;
                continue;
            }

            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {qualified}", connection);
            result[(schema, name)] = (long)(await count.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }

        return result;
    }

    /// <summary>Always-quoted identifier: names come from the archive and may hold anything.</summary>
    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
