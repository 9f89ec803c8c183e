using PgSnap.Tests.Infrastructure;

namespace PgSnap.Tests.Cli;

/// <summary>
/// The one Native AOT publish of a test run, into <c>artifacts/aot-test/</c>: started by the first test that needs the
/// binary (<see cref="PgSnapCli.Default"/>, <see cref="NativeAotBinary"/>) while the rest of the suite goes on. A
/// binary there that is newer than every source and build file is reused with the publish log it came with, so a
/// second run in a row does not pay the one-to-two-minute publish again.
/// </summary>
internal static class NativeAotPublish
{
    private static readonly Lazy<Task<Outcome>> s_outcome = new(PublishAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The published binary (or the publish's failure, thrown to every caller).</summary>
    public static Task<Outcome> GetAsync() => s_outcome.Value;

    private static async Task<Outcome> PublishAsync()
    {
        var folder = Path.Combine(RepoPaths.Root, "artifacts", "aot-test");
        var executable = Path.Combine(folder, "pgsnap");
        var logFile = Path.Combine(folder, "publish.log");
        if (IsUpToDate(executable, logFile))
        {
            return new Outcome(executable, await File.ReadAllTextAsync(logFile), Published: false, TimeSpan.Zero);
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var environment = new Dictionary<string, string?>();
        // dotnet test sets MSBuild variables that would steer the nested build to the test's own SDK state.
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                environment[key] = null;
            }
        }

        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var started = DateTime.UtcNow;
        var result = await ProcessRunner.RunAsync(
            "dotnet",
            ["publish", Path.Combine(RepoPaths.Root, "src", "PgSnap.Cli"), "-c", "Release", "-r", "linux-x64", "-o", folder, "-nologo", "-clp:NoSummary"],
            environment,
            timeout: TimeSpan.FromMinutes(15),
            workingDirectory: RepoPaths.Root);
        var log = result.StdOut + result.StdErr;
        await File.WriteAllTextAsync(logFile, log);
        if (result.ExitCode != 0)
        {
            File.Delete(executable);
            throw new InvalidOperationException($"dotnet publish (Native AOT) failed ({result.ExitCode}):\n{log}");
        }

        return new Outcome(executable, log, Published: true, DateTime.UtcNow - started);
    }

    private static bool IsUpToDate(string executable, string logFile)
    {
        if (!File.Exists(executable) || !File.Exists(logFile))
        {
            return false;
        }

        var built = File.GetLastWriteTimeUtc(executable);
        var inputs = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(RepoPaths.Root, "Directory.*.props"));
        return inputs.All(f => File.GetLastWriteTimeUtc(f) < built);
    }

    /// <param name="Executable">The native executable.</param>
    /// <param name="Log">Everything <c>dotnet publish</c> printed (for the warning check).</param>
    /// <param name="Published">Whether this run published (false: an up-to-date binary was reused).</param>
    /// <param name="Time">How long the publish took.</param>
    public sealed record Outcome(string Executable, string Log, bool Published, TimeSpan Time);
}
