using PgSnap.Restore;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

public sealed class RestoreFaultTests
{
    [Fact]
    public async Task A_connection_terminated_mid_restore_stops_with_a_clear_error_and_nothing_committed()
    {
        var server = await TestServer.GetAsync();
        var target = await server.CreateDatabaseAsync("rf_kill");
        var file = RestoreFixture.TempFile("slow.sql");
        await File.WriteAllTextAsync(file, "CREATE TABLE public.t (a int);\nSELECT pg_sleep(60);\nCREATE TABLE public.u (a int);\n");

        var restore = RestoreFixture.RestoreAsync(file, target, new RestoreOptions { SingleTransaction = true });
        var killed = false;
        for (var attempt = 0; attempt < 100 && !killed; attempt++)
        {
            await Task.Delay(100);
            killed = await server.ScalarAsync<bool>("postgres",
                $"SELECT coalesce(bool_or(pg_terminate_backend(pid)), false) FROM pg_stat_activity WHERE datname = '{target}' AND query LIKE 'SELECT pg_sleep%'");
        }

        Assert.True(killed, "the restore's backend was never seen running pg_sleep");
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => restore);
        Assert.Equal(PgSnapErrorKind.RestoreFailed, ex.Kind);
        Assert.Contains($"{file}:2: SELECT pg_sleep(60);", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Theory]
    [InlineData(new byte[] { (byte)'B', (byte)'Z', (byte)'h', (byte)'9', 0x31, 0x41, 0x59, 0x26 }, "bzip2")]
    [InlineData(new byte[] { (byte)'P', (byte)'G', (byte)'D', (byte)'M', (byte)'P', 1, 14, 0 }, "custom-format")]
    [InlineData(new byte[] { 0, 1, 2, 3, 0xFF, 0xFE, 0, 9 }, "binary")]
    public async Task Unsupported_inputs_are_refused_with_what_they_are(byte[] head, string expected)
    {
        var file = RestoreFixture.TempFile("odd.bin");
        await File.WriteAllBytesAsync(file, [.. head, .. new byte[600]]);

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(file, "postgres", new RestoreOptions { DryRun = true }));

        Assert.Equal(PgSnapErrorKind.Corrupt, ex.Kind);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pg_dump_directory_is_refused_naming_pg_restore()
    {
        var dir = RestoreFixture.TempFile("dirdump");
        Directory.CreateDirectory(dir);
        await File.WriteAllBytesAsync(Path.Combine(dir, "toc.dat"), "PGDMP"u8.ToArray());

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(dir, "postgres", new RestoreOptions { DryRun = true }));

        Assert.Contains("pg_restore", ex.Message, StringComparison.Ordinal);
    }
}
