using System.Runtime.CompilerServices;
using Npgsql;
using PgSnap.Catalog;
using PgSnap.Ddl;
using PgSnap.Dump;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Coverage;

/// <summary>
/// The planner's pool (Catalog/CatalogReadPool.cs) waits for every read before it closes, but must not keep what the
/// reads returned: at 5,000 tables the records read are tens of MB that were alive, pool and all, until the dump's
/// end (docs/ARCHITECTURE.md, "Memory of a dump"). A read's result is collectable as soon as its caller lets go of
/// it, while the pool is still open and still waits for other reads.
/// </summary>
public sealed class ReadPoolMemoryTests
{
    [Fact]
    public async Task A_reads_result_is_collectable_once_its_caller_lets_go_while_the_pool_is_open()
    {
        var server = await TestServer.GetAsync();
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        var session = new CatalogSession(connection, new DumpOptions(), server.Major * 10000, new Quoting([], false));
        await using var pool = CatalogReadPool.Open(session, null, CancellationToken.None);
        pool.AdmitLeader();

        var result = await ReadAndForgetAsync(pool);
        await pool.Read(async (s, c) => await s.QueryAsync("SELECT 1", r => r.GetInt32(0), c));

        // The thread that finished the read may still be unwinding the frames that returned it: give it a moment.
        for (var attempt = 0; attempt < 20 && result.IsAlive; attempt++)
        {
            await Task.Delay(50);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        Assert.False(result.IsAlive, "the pool kept a finished read's result");
        await pool.CloseAsync();
    }

    /// <summary>Reads a list on the pool and returns only a weak reference to it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> ReadAndForgetAsync(CatalogReadPool pool)
    {
        var rows = await pool.Read((s, c) => s.QueryAsync("SELECT pg_catalog.generate_series(1, 1000)", r => new string('x', r.GetInt32(0) % 50), c));
        return new WeakReference(rows);
    }
}
