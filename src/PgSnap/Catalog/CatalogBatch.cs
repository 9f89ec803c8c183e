using Npgsql;

namespace PgSnap.Catalog;

/// <summary>
/// Independent catalog queries in one round trip: one batch, run in order in the same session, each query's rows
/// handed to its own handler. Over a link with 10 ms per round trip each query a session waits on costs 10 ms, so
/// the planner, the preflight and the readers with several queries send them together (README, "Latency, many
/// objects, round trips").
/// </summary>
internal static class CatalogBatch
{
    /// <summary>Every query must return rows (a SELECT), so that results and handlers pair up one to one.</summary>
    public static async Task QueryAsync(NpgsqlConnection connection, CancellationToken ct, params CatalogQuery[] queries)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(queries);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var query in queries)
        {
            var command = new NpgsqlBatchCommand(query.Sql);
            foreach (var (name, value) in query.Parameters)
            {
                command.Parameters.Add(Parameter(name, value));
            }

            batch.BatchCommands.Add(command);
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

    /// <summary>A query parameter; Npgsql cannot infer a type for uint[], so oids go as oid[].</summary>
    public static NpgsqlParameter Parameter(string name, object value) =>
        value is uint[]? new NpgsqlParameter(name, value) { DataTypeName = "oid[]" } : new NpgsqlParameter(name, value);
}

/// <summary>One query of a <see cref="CatalogBatch"/>: its text, its parameters, and what to do with each row.</summary>
internal sealed record CatalogQuery(string Sql, Action<NpgsqlDataReader> Row, params (string Name, object Value)[] Parameters)
{
    /// <summary>A query whose rows are mapped into <paramref name="rows"/>.</summary>
    public static CatalogQuery Into<T>(List<T> rows, string sql, Func<NpgsqlDataReader, T> map, params (string Name, object Value)[] parameters) =>
        new(sql, r => rows.Add(map(r)), parameters);
}
