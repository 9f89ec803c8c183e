using Npgsql;

namespace PgSnap.Tests.Reliability;

/// <summary>
/// What pgbench's TPC-B-like transactions keep invariant, read in one snapshot: the row count of each of its four
/// tables and the four balance sums, which every committed transaction moves by the same delta.
/// </summary>
internal sealed record PgbenchFigures(long Accounts, long Tellers, long Branches, long History, long AccountSum, long TellerSum, long BranchSum, long DeltaSum)
{
    private const string Query = """
        SELECT (SELECT count(*) FROM public.pgbench_accounts), (SELECT count(*) FROM public.pgbench_tellers),
               (SELECT count(*) FROM public.pgbench_branches), (SELECT count(*) FROM public.pgbench_history),
               (SELECT coalesce(sum(abalance), 0) FROM public.pgbench_accounts), (SELECT coalesce(sum(tbalance), 0) FROM public.pgbench_tellers),
               (SELECT coalesce(sum(bbalance), 0) FROM public.pgbench_branches), (SELECT coalesce(sum(delta), 0) FROM public.pgbench_history)
        """;

    /// <summary>The four sums agree, as they do in any snapshot of a database only pgbench writes to.</summary>
    public bool SumsAgree => AccountSum == TellerSum && TellerSum == BranchSum && BranchSum == DeltaSum;

    /// <summary>Reads the figures in the connection's current transaction (or a fresh one).</summary>
    public static async Task<PgbenchFigures> ReadAsync(NpgsqlConnection connection)
    {
        await using var cmd = new NpgsqlCommand(Query, connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new PgbenchFigures(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
            reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7));
    }
}
