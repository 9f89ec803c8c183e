using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace PgSnap.Tests.Storage;

/// <summary>
/// A real S3-compatible server for the client tests: the npm package s3rver 3.7.1, installed by .ci/run into
/// /var/cache/pgsnap/s3rver (PGSNAP_S3RVER_DIR overrides), started on a free loopback port with bucket "testbucket"
/// and an empty data directory, and stopped (with the directory removed) after the tests. <see cref="StopAsync"/> and
/// <see cref="StartAsync"/> stop and restart it on the same port and data (a service outage in the middle of a command).
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    private Process? _process;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "pgsnap-s3rver-" + Guid.NewGuid().ToString("N"));

    /// <summary>s3rver's built-in account; it verifies signatures made with this pair.</summary>
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    public Uri Endpoint { get; private set; } = null!;

    public int Port { get; private set; }

    /// <summary>What the CLI needs to reach this server as the AWS CLI would (credentials, endpoint, region).</summary>
    public Dictionary<string, string?> CliEnvironment(string? accessKey = null, string? secret = null) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = accessKey ?? AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = secret ?? SecretKey,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ENDPOINT_URL"] = Endpoint.ToString(),
        ["AWS_ENDPOINT_URL_S3"] = null,
        ["AWS_MAX_ATTEMPTS"] = null,
        ["HOME"] = "/nonexistent/pgsnap-tests-home",
    };

    public async Task InitializeAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await StartAsync();
    }

    /// <summary>Kills the server (its data stays): requests now fail to connect.</summary>
    public Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
        return Task.CompletedTask;
    }

    /// <summary>Starts the server on <see cref="Port"/> with its data directory and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var root = Environment.GetEnvironmentVariable("PGSNAP_S3RVER_DIR") ?? "/var/cache/pgsnap/s3rver";
        var script = Path.Combine(root, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"s3rver is not installed: run `npm install --prefix {root} s3rver@3.7.1` (.ci/run does)");
        }

        Directory.CreateDirectory(_dataDir);
        var port = Port;

        var psi = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, "-d", _dataDir, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--address", "127.0.0.1", "--silent", "--configure-bucket", "testbucket" })
        {
            psi.ArgumentList.Add(a);
        }

        // s3rver encrypts LIST continuation tokens with DES, which OpenSSL 3 (Node 17 and later) keeps in its legacy
        // provider only: without it every truncated LIST page is a 500 InternalError.
        psi.Environment["NODE_OPTIONS"] = "--openssl-legacy-provider";
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
