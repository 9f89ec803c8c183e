using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PgSnap.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster made with initdb and pg_ctl in a temporary folder, on a free port, with its
/// Unix socket in that folder and fsync off. PostgreSQL refuses to run as root, so under root every server
/// command runs as the <c>postgres</c> OS user. Each cluster has a watchdog (a shell in its own session) that stops and
/// removes it as soon as the owning test process is gone, however that process ended (failures, Ctrl-C, a CI
/// timeout's kill); clusters left behind by anything else are stopped and removed before a new one starts.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    public const string SuperuserPassword = "pgsnap-test-secret-pw";
    private const string DirectoryPrefix = "pgsnap-cluster-";

    private readonly string _root;
    private readonly string _binDirectory;

    private LocalCluster(string root, string binDirectory, int port, string superuser)
    {
        _root = root;
        _binDirectory = binDirectory;
        Port = port;
        Superuser = superuser;
    }

    /// <summary>The bootstrap superuser initdb made (<c>postgres</c> unless the caller named another, as Supabase's images do).</summary>
    public string Superuser { get; }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_root, "data");

    public string SocketDirectory => _root;

    public string BinDirectory => _binDirectory;

    public string ConnectionUrl(string database) =>
        $"postgresql://{Superuser}:{SuperuserPassword}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{database}?sslmode=disable";

    public static Task<LocalCluster> StartAsync(string binDirectory) => StartAsync(binDirectory, Environment.ProcessId);

    /// <summary>Starts a cluster whose bootstrap superuser is <paramref name="superuser"/> (e.g. Supabase's <c>supabase_admin</c>).</summary>
    public static Task<LocalCluster> StartAsync(string binDirectory, string superuser) => StartAsync(binDirectory, Environment.ProcessId, superuser);

    /// <summary>Starts a cluster that lives only as long as process <paramref name="ownerPid"/> (tests of the watchdog pass another).</summary>
    public static async Task<LocalCluster> StartAsync(string binDirectory, int ownerPid, string superuser = "postgres")
    {
        TestTier.RefuseServerInFastTier($"a local cluster from {binDirectory}");
        await RemoveStaleClustersAsync(binDirectory);
        var root = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var port = FreePort();
        var cluster = new LocalCluster(root, binDirectory, port, superuser);
        try
        {
            await cluster.InitAndStartAsync();
            cluster.StartWatchdog(ownerPid);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    private async Task InitAndStartAsync()
    {
        var pwFile = Path.Combine(_root, "pw");
        await File.WriteAllTextAsync(pwFile, SuperuserPassword + "\n");
        if (IsRoot)
        {
            await RunCheckedAsync("chown", ["-R", "postgres:postgres", _root]);
        }

        await RunAsServerUserAsync(
            Path.Combine(_binDirectory, "initdb"),
            ["-D", DataDirectory, "-U", Superuser, "--pwfile", pwFile, "-E", "UTF8", "--locale=C",
             "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"]);

        var serverOptions = string.Join(' ',
            $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
            $"-k {_root}",
            "-c listen_addresses=127.0.0.1",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
            "-c max_connections=200",
            "-c max_wal_senders=0",
            "-c wal_level=minimal",
            "-c shared_buffers=128MB");
        await RunAsServerUserAsync(
            Path.Combine(_binDirectory, "pg_ctl"),
            ["-D", DataDirectory, "-o", serverOptions, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "start"]);
    }

    /// <summary>
    /// The root folder of this cluster (data, socket, log); gone once the cluster is removed.
    /// </summary>
    public string RootDirectory => _root;

    /// <summary>
    /// Starts <c>setsid sh</c> that polls <paramref name="ownerPid"/> once a second and, once it is gone, stops the
    /// postmaster and deletes the folder. In its own session, so the Ctrl-C or kill that ends the test run does not
    /// end the watchdog; its output goes nowhere, so it holds no pipe of the test host open.
    /// </summary>
    private void StartWatchdog(int ownerPid)
    {
        const string Script = """
            exec </dev/null >/dev/null 2>&1
            while kill -0 "$1" 2>/dev/null; do sleep 1; done
            if [ -f "$3/postmaster.pid" ]; then
                if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$2/pg_ctl" -D "$3" -m immediate -w stop
                else "$2/pg_ctl" -D "$3" -m immediate -w stop; fi
                pid=$(head -n 1 "$3/postmaster.pid" 2>/dev/null) && [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
            fi
            rm -rf "$4"
            """;
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "sh", "-c", Script, "pgsnap-cluster-watchdog", ownerPid.ToString(CultureInfo.InvariantCulture), _binDirectory, DataDirectory, _root })
        {
            start.ArgumentList.Add(arg);
        }

        using var watchdog = Process.Start(start) ?? throw new InvalidOperationException("could not start the cluster watchdog");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await RunAsServerUserAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], check: false);
            }
        }
        finally
        {
            TryDelete(_root);
        }
    }

    /// <summary>Stops and removes clusters whose owning test process is gone.</summary>
    private static async Task RemoveStaleClustersAsync(string binDirectory)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var name = Path.GetFileName(dir)[DirectoryPrefix.Length..];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || ProcessAlive(pid))
            {
                continue;
            }

            var data = Path.Combine(dir, "data");
            var pidFile = Path.Combine(data, "postmaster.pid");
            if (File.Exists(pidFile))
            {
                await RunAsServerUserAsync(Path.Combine(binDirectory, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], check: false);
                // The stale cluster may be of another major than binDirectory's pg_ctl; then stop its postmaster directly.
                KillPostmaster(pidFile);
            }

            TryDelete(dir);
        }
    }

    private static void KillPostmaster(string pidFile)
    {
        try
        {
            var first = File.ReadLines(pidFile).FirstOrDefault();
            if (int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ProcessAlive(pid))
            {
                using var p = Process.GetProcessById(pid);
                p.Kill(entireProcessTree: true);
                p.WaitForExit(10_000);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    private static bool ProcessAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a server binary, as the postgres OS user when we are root.</summary>
    public static async Task RunAsServerUserAsync(string program, IReadOnlyList<string> args, bool check = true)
    {
        ProcessRunner.Result result;
        if (IsRoot)
        {
            result = await ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", program, .. args], timeout: TimeSpan.FromMinutes(2));
        }
        else
        {
            result = await ProcessRunner.RunAsync(program, args, timeout: TimeSpan.FromMinutes(2));
        }

        if (check && result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({result.ExitCode}): {result.StdErr}{result.StdOut}");
        }
    }

    private static async Task RunCheckedAsync(string program, IReadOnlyList<string> args)
    {
        var result = await ProcessRunner.RunAsync(program, args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {result.StdErr}");
        }
    }
}
