using Npgsql;

namespace PgSnap.Connection;

/// <summary>Closes the sessions of a job that is ending, failed or not, without letting a broken one hide why.</summary>
internal static class SessionClosing
{
    /// <summary>Disposes every session; a session whose connection broke is passed over, not thrown.</summary>
    public static async Task CloseAllAsync<T>(IEnumerable<T> sessions)
        where T : IAsyncDisposable
    {
        foreach (var session in sessions)
        {
            try
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
            {
                // The failure that matters (this connection's or another's) is already on its way up.
            }
        }
    }
}
