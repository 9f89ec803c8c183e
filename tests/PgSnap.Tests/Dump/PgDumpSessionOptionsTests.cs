using Npgsql;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>
/// pg_dump's session options on a real server, through the CLI: --role reads with that role's rights, --snapshot
/// dumps the moment another session exported, --lock-wait-timeout fails instead of queueing behind a lock (and
/// leaves no file), --serializable-deferrable and --no-sync write a complete archive.
/// </summary>
public sealed class PgDumpSessionOptionsTests
{
    [Fact]
    public async Task Role_switches_every_session_to_that_role_and_its_rights()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("role");
        var role = $"pgsnap_reader_{Environment.ProcessId}";
        await server.ExecuteAsync(db, $"""
            DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE {role} NOLOGIN; END IF; END $$;
            GRANT {role} TO CURRENT_USER;
            CREATE TABLE visible (id int); INSERT INTO visible VALUES (1);
            CREATE TABLE hidden (id int); INSERT INTO hidden VALUES (2);
            GRANT SELECT ON visible TO {role};
            """);
        var dir = Directory.CreateTempSubdirectory("pgsnap-role-").FullName;

        var plain = await PgSnapCli.Default.RunAsync(["dump", "--url", server.UrlFor(db), "-t", "visible", "-f", Path.Combine(dir, "plain.sql")]);
        Assert.True(plain.ExitCode == 0, "without --role: " + plain.StdErr);
        var all = await PgSnapCli.Default.RunAsync(["dump", "--url", server.UrlFor(db), "--role", role, "-t", "visible", "-f", Path.Combine(dir, "visible.sql")]);
        var denied = await PgSnapCli.Default.RunAsync(["dump", "--url", server.UrlFor(db), "--role", role, "-f", Path.Combine(dir, "all.sql")]);

        Assert.True(all.ExitCode == 0, all.StdErr);
        Assert.NotEqual(0, denied.ExitCode);
        Assert.Contains("hidden", denied.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "all.sql")));
    }

    [Fact]
    public async Task Snapshot_dumps_the_moment_another_session_exported()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("snap");
        await server.ExecuteAsync(db, "CREATE TABLE t (id int); INSERT INTO t VALUES (1);");
        await using var holder = new NpgsqlConnection(server.ConnectionStringFor(db));
        await holder.OpenAsync();
        await using (var begin = new NpgsqlCommand("BEGIN ISOLATION LEVEL REPEATABLE READ", holder))
        {
            await begin.ExecuteNonQueryAsync();
        }

        await using var export = new NpgsqlCommand("SELECT pg_export_snapshot()", holder);
        var snapshot = (string)(await export.ExecuteScalarAsync())!;
        await server.ExecuteAsync(db, "INSERT INTO t VALUES (2);");
        var file = Path.Combine(Directory.CreateTempSubdirectory("pgsnap-snap-").FullName, "snap.sql");

        var result = await PgSnapCli.Default.RunAsync(["dump", "--url", server.UrlFor(db), "--snapshot", snapshot, "-j", "2", "-f", file]);

        Assert.True(result.ExitCode == 0, result.StdErr);
        var text = await File.ReadAllTextAsync(file);
        Assert.Contains("\n1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n2\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lock_wait_timeout_fails_instead_of_queueing_and_leaves_no_file()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("lockwait");
        await server.ExecuteAsync(db, "CREATE TABLE busy (id int); INSERT INTO busy VALUES (1);");
        await using var locker = new NpgsqlConnection(server.ConnectionStringFor(db));
        await locker.OpenAsync();
        await using (var cmd = new NpgsqlCommand("BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE", locker))
        {
            await cmd.ExecuteNonQueryAsync();
        }

        var file = Path.Combine(Directory.CreateTempSubdirectory("pgsnap-lockwait-").FullName, "busy.sql");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await PgSnapCli.Default.RunAsync(["dump", "--url", server.UrlFor(db), "--lock-wait-timeout", "500ms", "-f", file], timeout: TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("lock", result.StdErr, StringComparison.OrdinalIgnoreCase);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.False(File.Exists(file));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(file)!));
    }

    [Theory]
    [InlineData("--serializable-deferrable")]
    [InlineData("--no-sync")]
    public async Task Serializable_deferrable_and_no_sync_write_a_complete_archive(string option)
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("txopts");
        await server.ExecuteAsync(db, "CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 100);");
        var file = Path.Combine(Directory.CreateTempSubdirectory("pgsnap-txopts-").FullName, "t.sql");

        var dump = await PgSnapCli.Default.RunAsync(["dump", "--url", server.UrlFor(db), option, "-f", file]);
        var verify = await PgSnapCli.Default.RunAsync(["verify", file]);

        Assert.True(dump.ExitCode == 0, dump.StdErr);
        Assert.True(verify.ExitCode == 0, verify.StdErr + verify.StdOutText);
    }
}
