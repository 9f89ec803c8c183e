using System.Diagnostics;
using System.Text;

namespace PgSnap.Tests.Infrastructure;

/// <summary>Runs a program to completion and captures its output; used for server binaries and reference tools.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    /// <summary>A finished process whose stdout was kept as bytes (or written to a file), with its wall time.</summary>
    public sealed record BinaryResult(int ExitCode, byte[] StdOut, string StdErr, TimeSpan Elapsed)
    {
        /// <summary>Stdout decoded as UTF-8 (empty when it went to a file).</summary>
        public string StdOutText => Encoding.UTF8.GetString(StdOut);
    }

    public static async Task<Result> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IDictionary<string, string?>? environment = null,
        string? stdin = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        var stdinBytes = stdin is null ? null : Encoding.UTF8.GetBytes(stdin);
        var result = await RunBinaryAsync(fileName, arguments, environment, stdinBytes is null ? null : () => new MemoryStream(stdinBytes), null, timeout, workingDirectory);
        return new Result(result.ExitCode, result.StdOutText, result.StdErr);
    }

    /// <summary>
    /// Runs a program with stdin fed from <paramref name="openStdin"/> (or closed at once), stdout kept as bytes or
    /// streamed to <paramref name="stdoutFile"/> (so a big dump is never held in memory), and stderr as text.
    /// The whole process tree is killed when <paramref name="timeout"/> passes.
    /// </summary>
    public static async Task<BinaryResult> RunBinaryAsync(
        string fileName,
        IEnumerable<string> arguments,
        IDictionary<string, string?>? environment = null,
        Func<Stream>? openStdin = null,
        string? stdoutFile = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                if (v is null)
                {
                    psi.Environment.Remove(k);
                }
                else
                {
                    psi.Environment[k] = v;
                }
            }
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {fileName}");
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        Stream stdoutSink = stdoutFile is null ? new MemoryStream() : File.Create(stdoutFile);
        try
        {
            var stdoutTask = process.StandardOutput.BaseStream.CopyToAsync(stdoutSink, cts.Token);
            var stderrTask = process.StandardError.ReadToEndAsync(cts.Token);
            var stdinTask = FeedStdinAsync(process, openStdin, cts.Token);
            try
            {
                await process.WaitForExitAsync(cts.Token);
                await Task.WhenAll(stdoutTask, stderrTask);
                stopwatch.Stop();
                await IgnoreBrokenPipeAsync(stdinTask);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {string.Join(' ', psi.ArgumentList)} timed out after {timeout ?? TimeSpan.FromMinutes(5)}");
            }

            var bytes = stdoutSink is MemoryStream ms ? ms.ToArray() : [];
            return new BinaryResult(process.ExitCode, bytes, await stderrTask, stopwatch.Elapsed);
        }
        finally
        {
            await stdoutSink.DisposeAsync();
        }
    }

    private static async Task FeedStdinAsync(Process process, Func<Stream>? openStdin, CancellationToken cancellationToken)
    {
        try
        {
            if (openStdin is not null)
            {
                await using var source = openStdin();
                await source.CopyToAsync(process.StandardInput.BaseStream, cancellationToken);
            }
        }
        finally
        {
            process.StandardInput.Close();
        }
    }

    // A program may exit without reading all of its stdin (e.g. it failed early); that is its answer, not ours.
    private static async Task IgnoreBrokenPipeAsync(Task stdinTask)
    {
        try
        {
            await stdinTask;
        }
        catch (IOException)
        {
        }
    }
}
