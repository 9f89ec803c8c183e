using Npgsql;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Libpq;

/// <summary>
/// Two throwaway clusters with the same superuser password: <see cref="ReadOnly"/> runs with
/// default_transaction_read_only=on (what a read-write target refuses, as it would a hot standby's sessions), and
/// <see cref="Writable"/> is an ordinary primary. Each holds a table <c>whoami</c> naming it.
/// </summary>
public sealed class TwoClustersFixture : IAsyncLifetime
{
    private LocalCluster? _readOnly;
    private LocalCluster? _writable;

    internal LocalCluster ReadOnly => _readOnly!;

    internal LocalCluster Writable => _writable!;

    public async Task InitializeAsync()
    {
        _readOnly = await LocalCluster.StartAsync(PostgresBinaries.BinDirectory);
        _writable = await LocalCluster.StartAsync(PostgresBinaries.BinDirectory);
        await ExecuteAsync(_writable, "CREATE TABLE whoami AS SELECT 'writable'::text AS name");
        await ExecuteAsync(_readOnly, "CREATE TABLE whoami AS SELECT 'read-only'::text AS name");
        await ExecuteAsync(_readOnly, "ALTER SYSTEM SET default_transaction_read_only = on");
        await ExecuteAsync(_readOnly, "SELECT pg_reload_conf()");
        for (var i = 0; i < 100; i++)
        {
            await using var conn = new NpgsqlConnection(ConnectionString(_readOnly));
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SHOW default_transaction_read_only", conn);
            if ((string?)await cmd.ExecuteScalarAsync() == "on")
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("the read-only cluster did not turn default_transaction_read_only on");
    }

    public async Task DisposeAsync()
    {
        if (_readOnly is not null)
        {
            await _readOnly.DisposeAsync();
        }

        if (_writable is not null)
        {
            await _writable.DisposeAsync();
        }
    }

    private static string ConnectionString(LocalCluster cluster) =>
        $"Host=127.0.0.1;Port={cluster.Port};Username=postgres;Password={LocalCluster.SuperuserPassword};Database=postgres;SSL Mode=Disable;Pooling=false";

    private static async Task ExecuteAsync(LocalCluster cluster, string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString(cluster));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
