using Npgsql;

namespace PgSnap.Catalog;

/// <summary>
/// Independent catalog queries in one round trip: one batch, run in order in the same session, each query's rows
/// handed to its own handler. Over a link with 10 ms per round trip each query a session waits on costs 10 ms, so
/// the planner and the preflight send the small fixed queries they start with together (README, "Latency, many
/// objects, round trips").
/// </summary>
internal static class CatalogBatch
{
    /// <summary>Every query must return rows (a SELECT), so that results and handlers pair up one to one.</summary>
    public static async Task QueryAsync(NpgsqlConnection connection, CancellationToken ct, params (string Sql, Action<NpgsqlDataReader> Row)[] queries)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(queries);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var (sql, _) in queries)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        }

        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        for (var i = 0; i < queries.Length; i++)
        {
            if (i > 0 && !await reader.NextResultAsync(ct).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"catalog batch: no result for query {i + 1} of {queries.Length}");
            }

            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                queries[i].Row(reader);
            }
        }
    }
}
