using System.Diagnostics;
using PgSnap.Tests.Infrastructure;

namespace PgSnap.Tests.Reliability;

/// <summary>
/// pgbench (the installed server's, TPC-B-like, no vacuum) writing continuously with a few clients until
/// <see cref="StopAsync"/>: the write load a dump must stay consistent under.
/// </summary>
internal sealed class PgbenchLoad : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;

    private PgbenchLoad(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
    }

    public static string Program => PostgresBinaries.Tool("pgbench");

    /// <summary>Creates pgbench's tables at <paramref name="scale"/> (100,000 accounts per unit), generated server-side.</summary>
    public static async Task InitializeAsync(TestServer server, string database, int scale)
    {
        var result = await ProcessRunner.RunAsync(
            Program, ["-i", "-s", scale.ToString(System.Globalization.CultureInfo.InvariantCulture), "-I", "dtGvp", "-q", database], server.ToolEnvironment(), timeout: TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"pgbench -i failed: {result.StdErr}");
        }
    }

    /// <summary>Starts <paramref name="clients"/> clients writing for up to ten minutes (stopped long before).</summary>
    public static PgbenchLoad Start(TestServer server, string database, int clients)
    {
        var psi = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-n", "-c", clients.ToString(System.Globalization.CultureInfo.InvariantCulture), "-j", "2", "-T", "600", database })
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var (k, v) in server.ToolEnvironment())
        {
            psi.Environment[k] = v;
        }

        return new PgbenchLoad(Process.Start(psi)!);
    }

    /// <summary>Whether pgbench is still running (it exits early only on an error).</summary>
    public bool Running => !_process.HasExited;

    /// <summary>Stops the clients (their open transactions roll back) and returns what pgbench printed on stderr.</summary>
    public async Task<string> StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        return await _stderr;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
