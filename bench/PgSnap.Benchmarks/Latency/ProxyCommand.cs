using System.Globalization;
using System.Runtime.InteropServices;

namespace PgSnap.Benchmarks.Latency;

/// <summary>
/// <c>proxy --upstream PORT --delay-ms N</c>: runs the <see cref="DelayProxy"/> on its own (for measuring any client
/// by hand) until Ctrl+C or SIGTERM, then prints the connections and request/response turns it relayed.
/// </summary>
internal static class ProxyCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var upstream = Arg(args, "--upstream") ?? throw new ArgumentException("--upstream PORT is required");
        var delay = double.Parse(Arg(args, "--delay-ms") ?? "0", CultureInfo.InvariantCulture);
        await using var proxy = DelayProxy.Start(int.Parse(upstream, CultureInfo.InvariantCulture), TimeSpan.FromMilliseconds(delay));
        Console.WriteLine($"listening on 127.0.0.1:{proxy.Port}, forwarding to 127.0.0.1:{upstream} with {delay} ms each way");
        var stop = new TaskCompletionSource();
        // SIGTERM as well as Ctrl+C: a proxy started in the background of a script ignores SIGINT.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await stop.Task;
        Console.WriteLine($"connections {proxy.Connections}, turns {proxy.Turns}");
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
