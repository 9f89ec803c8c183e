using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Libpq;

/// <summary>
/// A dump through a local PgBouncer: in pool_mode=transaction it is refused with one line before anything is read; in
/// session mode (what Supabase's port 5432 is) it runs.
/// </summary>
public sealed class TransactionPoolerTests
{
    [Fact]
    public async Task A_dump_through_pgbouncer_in_transaction_mode_is_refused_in_one_line_and_session_mode_works()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("pooler");
        await server.ExecuteAsync(db, "CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 100);");
        var dir = Directory.CreateTempSubdirectory("pgsnap-pooler-").FullName;
        try
        {
            await using (var transaction = await LocalPgBouncer.StartAsync(server, "transaction"))
            {
                var file = Path.Combine(dir, "tx.sql");
                var refused = await PgSnapCli.Default.RunAsync(["dump", "-d", transaction.UrlFor(server, db), "-f", file, "-q"]);

                Assert.Equal(6, refused.ExitCode);
                var lines = refused.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Single(lines);
                Assert.Contains("transaction-mode pooler", lines[0], StringComparison.Ordinal);
                Assert.Contains("use the session pooler (Supabase: port 5432) or connect to the database host directly", lines[0], StringComparison.Ordinal);
                Assert.DoesNotContain(server.Password!, lines[0], StringComparison.Ordinal);
                Assert.False(File.Exists(file));
            }

            await using var session = await LocalPgBouncer.StartAsync(server, "session");
            var ok = Path.Combine(dir, "session.sql");
            var dumped = await PgSnapCli.Default.RunAsync(["dump", "-d", session.UrlFor(server, db), "-j", "2", "-f", ok, "-q"]);
            Assert.True(dumped.ExitCode == 0, dumped.StdErr);
            Assert.Contains("COPY public.t", await File.ReadAllTextAsync(ok), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A PgBouncer in front of the test server (as the postgres OS user under root: it refuses to run as root).</summary>
    private sealed class LocalPgBouncer : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _dir;

        private LocalPgBouncer(Process process, string dir, int port)
        {
            _process = process;
            _dir = dir;
            Port = port;
        }

        public int Port { get; }

        public string UrlFor(TestServer server, string database) =>
            $"postgresql://{server.User}:{Uri.EscapeDataString(server.Password ?? string.Empty)}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{database}?sslmode=disable";

        public static async Task<LocalPgBouncer> StartAsync(TestServer server, string poolMode)
        {
            var binary = await EnsureInstalledAsync();
            var dir = Directory.CreateTempSubdirectory("pgsnap-pgbouncer-").FullName;
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            await File.WriteAllTextAsync(Path.Combine(dir, "userlist.txt"), $"\"{server.User}\" \"\"\n");
            await File.WriteAllTextAsync(Path.Combine(dir, "pgbouncer.ini"), $"""
                [databases]
                * = host={server.Host} port={server.Port.ToString(CultureInfo.InvariantCulture)} user={server.User} password={server.Password}

                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = {port.ToString(CultureInfo.InvariantCulture)}
                unix_socket_dir =
                auth_type = trust
                auth_file = {dir}/userlist.txt
                pool_mode = {poolMode}
                ignore_startup_parameters = extra_float_digits,options
                logfile = {dir}/pgbouncer.log

                """);
            var start = LocalCluster.IsRoot
                ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", binary, Path.Combine(dir, "pgbouncer.ini")])
                : new ProcessStartInfo(binary, [Path.Combine(dir, "pgbouncer.ini")]);
            if (LocalCluster.IsRoot)
            {
                await ProcessRunner.RunAsync("chown", ["-R", "postgres:postgres", dir]);
            }

            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            var process = Process.Start(start)!;
            var bouncer = new LocalPgBouncer(process, dir, port);
            for (var i = 0; i < 200; i++)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    return bouncer;
                }
                catch (SocketException) when (!process.HasExited)
                {
                    await Task.Delay(50);
                }
            }

            await bouncer.DisposeAsync();
            throw new InvalidOperationException("pgbouncer did not start: " + await File.ReadAllTextAsync(Path.Combine(dir, "pgbouncer.log")));
        }

        /// <summary>The pgbouncer binary, installed from the Debian package when missing (as .ci/run does).</summary>
        private static async Task<string> EnsureInstalledAsync()
        {
            const string Binary = "/usr/sbin/pgbouncer";
            if (!File.Exists(Binary))
            {
                var install = await ProcessRunner.RunAsync("apt-get", ["install", "-y", "pgbouncer"], timeout: TimeSpan.FromMinutes(5));
                Assert.True(install.ExitCode == 0, "apt-get install -y pgbouncer failed: " + install.StdErr);
            }

            return Binary;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            Directory.Delete(_dir, recursive: true);
        }
    }
}
