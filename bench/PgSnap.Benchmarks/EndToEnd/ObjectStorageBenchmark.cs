using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PgSnap.Benchmarks.EndToEnd;

/// <summary>
/// <c>e2e --s3</c> (README, "Backups in object storage"): on the benchmark database, pgsnap dump to a local file
/// against the same dump to a bucket, and restore -j 2 from the file against restore -j 2 from the bucket, as medians
/// of <c>--runs</c> runs taking turns, with wall time, the bucket/file ratio and peak RSS (from /usr/bin/time). The
/// bucket is s3rver 3.7.1 on loopback (installed by .ci/run into /var/cache/pgsnap/s3rver), with its own folder.
/// </summary>
internal static class ObjectStorageBenchmark
{
    private sealed record Measure(string Name, double Wall, long RssKb);

    public static async Task<int> RunAsync(BenchCluster cluster, IReadOnlyList<string> pgsnap, int runs)
    {
        var data = Directory.CreateTempSubdirectory("pgsnap-bench-s3-").FullName;
        var outDir = Directory.CreateTempSubdirectory("pgsnap-bench-s3-out-").FullName;
        using var s3rver = await StartS3rverAsync(data);
        try
        {
            var env = new Dictionary<string, string?>
            {
                ["AWS_ACCESS_KEY_ID"] = "S3RVER",
                ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
                ["AWS_REGION"] = "us-east-1",
                ["AWS_ENDPOINT_URL"] = s3rver.Endpoint,
            };
            var url = cluster.Url("bench");
            var file = Path.Combine(outDir, "bench.sql.gz");
            const string Object = "s3://bench/bench.sql.gz";
            var results = new Dictionary<string, List<Measure>>();
            async Task Time(string name, string[] args)
            {
                var m = await TimedProcess.RunAsync(pgsnap[0], [.. pgsnap.Skip(1), .. args], env);
                (results.TryGetValue(name, out var list) ? list : results[name] = []).Add(new Measure(name, m.Wall, m.RssKb));
            }

            for (var run = 0; run < runs; run++)
            {
                await Time("dump to a file", ["dump", "--quiet", "--force", "--url", url, "-f", file]);
                await Time("dump to the bucket", ["dump", "--quiet", "--force", "--url", url, "-f", Object]);
                foreach (var (name, input) in new[] { ("restore -j 2 from the file", file), ("restore -j 2 from the bucket", Object) })
                {
                    var db = $"s3bench_{run}_{(input == file ? "f" : "b")}";
                    await Exec.RunCheckedAsync(cluster.Tool("createdb"), [db], cluster.ToolEnvironment());
                    await Time(name, ["restore", "--quiet", "-j", "2", "--url", cluster.Url(db), input]);
                    await Exec.RunCheckedAsync(cluster.Tool("dropdb"), [db], cluster.ToolEnvironment());
                }
            }

            var medians = results.Values.Select(static l => l.OrderBy(static m => m.Wall).ElementAt(l.Count / 2) with { RssKb = l.Max(static m => m.RssKb) }).ToList();
            Console.WriteLine($"# archive: {new FileInfo(file).Length / 1e6:0.0} MB gzip; s3rver on loopback; medians of {runs} runs");
            Console.WriteLine($"| {"command",-30} | {"wall s",7} | {"peak RSS MB",11} |");
            Console.WriteLine($"|{new string('-', 32)}|{new string('-', 9)}|{new string('-', 13)}|");
            foreach (var m in medians)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {m.Name,-30} | {m.Wall,7:0.00} | {m.RssKb / 1024.0,11:0.0} |"));
            }

            double Wall(string name) => medians.Single(m => m.Name == name).Wall;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# bucket/file: dump {Wall("dump to the bucket") / Wall("dump to a file"):0.00}× (target ≤ 1.2), restore -j 2 {Wall("restore -j 2 from the bucket") / Wall("restore -j 2 from the file"):0.00}× (target ≤ 1.2)"));
            return 0;
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
            Directory.Delete(data, recursive: true);
        }
    }

    private sealed class S3rver(Process process, string endpoint) : IDisposable
    {
        public string Endpoint => endpoint;

        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            process.Dispose();
        }
    }

    private static async Task<S3rver> StartS3rverAsync(string data)
    {
        var root = Environment.GetEnvironmentVariable("PGSNAP_S3RVER_DIR") ?? "/var/cache/pgsnap/s3rver";
        var script = Path.Combine(root, "node_modules", "s3rver", "bin", "s3rver.js");
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var psi = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, "-d", data, "-p", port.ToString(CultureInfo.InvariantCulture), "--address", "127.0.0.1", "--silent", "--configure-bucket", "bench" })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["NODE_OPTIONS"] = "--openssl-legacy-provider";
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start node (s3rver)");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var i = 0; ; i++)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return new S3rver(process, $"http://127.0.0.1:{port}");
            }
            catch (SocketException) when (i < 300 && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }
}
