using System.Diagnostics;
using Npgsql;
using Xunit;

namespace PgSnap.Tests.Infrastructure;

/// <summary>
/// A throwaway cluster never outlives the process that started it, however that process ends: here the owner is a
/// short-lived process that is killed with SIGKILL (as a CI timeout or a second Ctrl-C would), and the cluster must
/// then stop answering and its folder disappear, with no cleanup code of the test involved.
/// </summary>
public sealed class ClusterLifetimeTests
{
    [Fact]
    public async Task A_cluster_is_stopped_and_removed_once_its_owning_process_is_killed()
    {
        using var owner = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        var cluster = await LocalCluster.StartAsync(PostgresBinaries.BinDirectory, owner.Id);
        var connectionString = $"Host=127.0.0.1;Port={cluster.Port};Username=postgres;Password={LocalCluster.SuperuserPassword};Database=postgres;Pooling=false;Timeout=3";
        await using (var conn = new NpgsqlConnection(connectionString))
        {
            await conn.OpenAsync();
        }

        owner.Kill();
        await owner.WaitForExitAsync();

        var clock = Stopwatch.StartNew();
        while (Directory.Exists(cluster.RootDirectory) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(250);
        }

        Assert.False(Directory.Exists(cluster.RootDirectory), $"{cluster.RootDirectory} still exists {clock.Elapsed.TotalSeconds:F0} s after its owner died");
        await using var late = new NpgsqlConnection(connectionString);
        await Assert.ThrowsAnyAsync<Exception>(() => late.OpenAsync());
    }
}
