using Npgsql;
using PgSnap.Connection;

namespace PgSnap.Restore;

/// <summary>
/// Opens the restore's connections (the leader, -j workers, databases a followed \connect names) and disposes their
/// data sources when the restore ends. Thread-safe: -j workers open their connections concurrently.
/// </summary>
internal sealed class RestoreConnections(string? role = null, bool rowSecurity = false) : IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];

    public async Task<NpgsqlConnection> OpenAsync(ConnectionSpec target, CancellationToken cancellationToken)
    {
        var dataSource = DataSourceFactory.Create(target, "pgsnap restore");
        lock (_dataSources)
        {
            _dataSources.Add(dataSource);
        }

        var opened = await DataSourceFactory.OpenAsync(dataSource, target, cancellationToken).ConfigureAwait(false);
        try
        {
            // Each statement of a restore commits on its own (as with psql); waiting for a WAL flush at every one of
            // them buys nothing, since durability is only promised once the whole restore has finished, and then the
            // final synchronous commit flushes everything written before it.
            // pg_restore --enable-row-security: rows go in under the tables' policies, as a role that does not bypass
            // them may restore; the archive's own SET row_security is skipped for it (RestoreOptions.Skips).
            await using var command = new NpgsqlCommand(rowSecurity ? "SET synchronous_commit = off; SET row_security = on" : "SET synchronous_commit = off", opened);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (role is not null)
            {
                // pg_restore --role: what the restore creates is owned by, and checked against, that role.
                await using var setRole = new NpgsqlCommand("SET ROLE \"" + role.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", opened);
                await setRole.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await opened.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return opened;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }
}
