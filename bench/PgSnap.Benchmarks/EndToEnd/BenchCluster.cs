using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PgSnap.Benchmarks.EndToEnd;

/// <summary>
/// A throwaway PostgreSQL cluster for the benchmark (initdb + pg_ctl on a free port, fsync off), run as the
/// postgres OS user when we are root. Same approach as the tests' LocalCluster, written for the bench's needs.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private readonly string _root;

    private BenchCluster(string root, string bin, int port)
    {
        _root = root;
        BinDirectory = bin;
        Port = port;
    }

    public string BinDirectory { get; }

    public int Port { get; }

    public const string Password = "pgsnap-bench-pw";

    public string Url(string database) => $"postgresql://postgres:{Password}@127.0.0.1:{Port}/{database}?sslmode=disable";

    public IDictionary<string, string?> ToolEnvironment() => new Dictionary<string, string?>
    {
        ["PGHOST"] = "127.0.0.1",
        ["PGPORT"] = Port.ToString(CultureInfo.InvariantCulture),
        ["PGUSER"] = "postgres",
        ["PGPASSWORD"] = Password,
        ["PGSSLMODE"] = "disable",
    };

    public string Tool(string name) => Path.Combine(BinDirectory, name);

    public static async Task<BenchCluster> StartAsync(string extraOptions = "")
    {
        var bin = FindBin();
        var root = Path.Combine(Path.GetTempPath(), "pgsnap-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var cluster = new BenchCluster(root, bin, port);
        await File.WriteAllTextAsync(Path.Combine(root, "pw"), Password + "\n");
        if (IsRoot)
        {
            await Exec.RunCheckedAsync("chown", ["-R", "postgres:postgres", root]);
        }

        await cluster.AsServerUserAsync(Path.Combine(bin, "initdb"), ["-D", Path.Combine(root, "data"), "-U", "postgres", "--pwfile", Path.Combine(root, "pw"),
            "-E", "UTF8", "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"]);
        var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB -c max_wal_size=4GB{extraOptions}";
        await cluster.AsServerUserAsync(Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(root, "data"), "-o", options, "-l", Path.Combine(root, "log"), "-w", "start"]);
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsServerUserAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
        }

        Directory.Delete(_root, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task AsServerUserAsync(string program, IReadOnlyList<string> args) =>
        IsRoot ? Exec.RunCheckedAsync("runuser", ["-u", "postgres", "--", program, .. args]) : Exec.RunCheckedAsync(program, args);

    private static string FindBin()
    {
        var configured = Environment.GetEnvironmentVariable("PGSNAP_PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var newest = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).FirstOrDefault()
            : null;
        return newest is not null ? Path.Combine(newest, "bin") : throw new InvalidOperationException("no PostgreSQL binaries: set PGSNAP_PG_BIN");
    }
}

/// <summary>Runs programs for the benchmark.</summary>
internal static class Exec
{
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string program, IEnumerable<string> args, IDictionary<string, string?>? env = null)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout, await stderr);
    }

    public static async Task RunCheckedAsync(string program, IEnumerable<string> args, IDictionary<string, string?>? env = null)
    {
        var list = args.ToList();
        var (code, stdout, stderr) = await RunAsync(program, list, env);
        if (code != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', list.Take(3))} failed ({code}): {stderr}{stdout}");
        }
    }
}
