using Npgsql;
using PgSnap.Data;

namespace PgSnap.Dump;

/// <summary>
/// A data worker's own ACCESS SHARE lock on a table, taken without waiting. The leader locked every table when it
/// planned, so the only thing a worker's lock request can wait for is a conflicting request queued after the
/// leader's lock (an ALTER TABLE of a migration): waiting there would wait for the dump itself, a deadlock the
/// server cannot see (the leader waits for the worker in the client, not on a lock), and every writer of that table
/// would queue behind it. When the lock is not free at once, the slice goes to the leader's session, which holds
/// the lock already (docs/RELIABILITY.md).
/// </summary>
internal static class WorkerTableLock
{
    private const string LockNotAvailable = "55P03";

    /// <summary>Takes the lock in a savepoint, so that a refusal leaves the worker's transaction usable.</summary>
    /// <returns>False when the table's lock was not free at once.</returns>
    public static async Task<bool> TryTakeAsync(ICopyOutSession session, string qualifiedName, CancellationToken cancellationToken)
    {
        try
        {
            await session.ExecuteAsync(
                $"SAVEPOINT pgsnap_lock; LOCK TABLE ONLY {qualifiedName} IN ACCESS SHARE MODE NOWAIT; RELEASE SAVEPOINT pgsnap_lock",
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (SqlState(ex) == LockNotAvailable)
        {
            await session.ExecuteAsync("ROLLBACK TO SAVEPOINT pgsnap_lock; RELEASE SAVEPOINT pgsnap_lock", cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>
    /// Takes the locks of several tables in one statement (thousands of small tables: one round trip per batch
    /// instead of one per table). All or none: when one of them is not free at once, nothing is locked and the
    /// caller locks them one by one, so that only the busy ones go to the leader.
    /// </summary>
    /// <returns>False when some table's lock was not free at once.</returns>
    public static async Task<bool> TryTakeAllAsync(ICopyOutSession session, IReadOnlyList<string> qualifiedNames, CancellationToken cancellationToken)
    {
        if (qualifiedNames.Count == 1)
        {
            return await TryTakeAsync(session, qualifiedNames[0], cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await session.ExecuteAsync(
                $"SAVEPOINT pgsnap_lock; LOCK TABLE {string.Join(", ", qualifiedNames.Select(n => "ONLY " + n))} IN ACCESS SHARE MODE NOWAIT; RELEASE SAVEPOINT pgsnap_lock",
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (SqlState(ex) == LockNotAvailable)
        {
            await session.ExecuteAsync("ROLLBACK TO SAVEPOINT pgsnap_lock; RELEASE SAVEPOINT pgsnap_lock", cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private static string? SqlState(Exception ex) => (ex as PostgresException)?.SqlState ?? (ex as PgSnapException)?.SqlState;
}
