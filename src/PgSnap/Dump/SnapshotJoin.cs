using Npgsql;
using PgSnap.Data;

namespace PgSnap.Dump;

/// <summary>
/// The setup of every session that reads beside the dump's leader (a data worker, the planner's sibling session):
/// a REPEATABLE READ, READ ONLY transaction on the leader's snapshot, so it sees the same moment of the database,
/// then the leader's <see cref="DumpSessionSettings"/>, so it writes and deparses values in exactly the leader's form.
/// </summary>
internal static class SnapshotJoin
{
    /// <summary>Puts <paramref name="session"/> on <paramref name="snapshot"/> with <paramref name="settings"/>.</summary>
    /// <param name="session">A freshly opened session; the caller closes it if this throws.</param>
    /// <param name="snapshot">The snapshot the leader exported (or was given with --snapshot).</param>
    /// <param name="settings">The dump's session settings.</param>
    /// <param name="serverMajor">The server's major version (the settings a major lacks are left out).</param>
    /// <param name="cancellationToken">Cancels the dump.</param>
    /// <param name="importFailed">
    /// The error to report when the snapshot cannot be imported (e.g. behind a transaction-mode pooler); null keeps
    /// the server's own error, for a caller that falls back to the leader when this fails.
    /// </param>
    public static async Task ApplyAsync(
        ICopyOutSession session, string snapshot, DumpSessionSettings settings, int serverMajor, CancellationToken cancellationToken,
        Func<Exception, PgSnapException>? importFailed = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(settings);
        await session.ExecuteAsync("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", cancellationToken).ConfigureAwait(false);
        try
        {
            await session.ExecuteAsync("SET TRANSACTION SNAPSHOT " + Ddl.Quoting.Literal(snapshot), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (importFailed is not null && ex is NpgsqlException or IOException or PgSnapException)
        {
            throw importFailed(ex);
        }

        // Only after the import: SET TRANSACTION SNAPSHOT must be the transaction's first query, and the settings
        // hold SELECTs (set_config). Session-level, they outlive the transaction on this session.
        await settings.ApplyAsync(session, serverMajor, cancellationToken).ConfigureAwait(false);
    }
}
