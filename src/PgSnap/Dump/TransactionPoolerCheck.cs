using Npgsql;
using PgSnap.Connection;

namespace PgSnap.Dump;

/// <summary>
/// Refuses a dump through a transaction-mode pooler (PgBouncer's pool_mode=transaction or statement, Supabase's
/// port 6543) before anything is read: such a pooler hands each transaction whichever server session is free, so the
/// session settings a dump makes and the snapshot its workers share do not stay with it (docs/PG_DUMP_COMPAT.md,
/// "Poolers"). Two facts tell it, both needing no privilege:
/// <list type="number">
/// <item>a pooler sends a cancel key of its own, so the process id of BackendKeyData is not the backend's
/// <c>pg_backend_pid()</c> (a direct connection, the cheap common case, stops here);</item>
/// <item>a session-mode pooler keeps one server session per client for the client's whole life, so while the
/// dump's connection sits between transactions, a second client never gets its server session and its own
/// <c>pg_backend_pid()</c> is never the dump's. A transaction-mode pooler hands the idle session to the next client
/// (PgBouncer reuses the most recently used one first).</item>
/// </list>
/// </summary>
public static class TransactionPoolerCheck
{
    public const string Advice = "use the session pooler (Supabase: port 5432) or connect to the database host directly";

    public static async Task ThrowIfTransactionPoolerAsync(NpgsqlConnection leader, NpgsqlDataSource dataSource, ConnectionSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leader);
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(spec);
        var first = await BackendPidAsync(leader, cancellationToken).ConfigureAwait(false);
        if (first == leader.ProcessID)
        {
            return;
        }

        await using var other = await DataSourceFactory.OpenAsync(dataSource, ConnectionTargets.PinTo(spec, leader.Host, leader.Port), cancellationToken).ConfigureAwait(false);
        // The dump's connection is not asked again while the other holds a session: with a pool of one, it would wait
        // for the other's session for ever.
        if (await BackendPidAsync(other, cancellationToken).ConfigureAwait(false) == first)
        {
            throw new PgSnapException(
                PgSnapErrorKind.Refused,
                $"{spec.Describe()} is a transaction-mode pooler (each transaction may get another server session), so a dump cannot keep its snapshot and settings: {Advice}");
        }
    }

    private static async Task<int> BackendPidAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_catalog.pg_backend_pid()", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
