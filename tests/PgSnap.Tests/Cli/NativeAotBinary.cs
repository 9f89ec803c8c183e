using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Cli;

/// <summary>
/// Publishes <c>pgsnap</c> with Native AOT once per test run into <c>artifacts/aot-test/</c> (the single-binary
/// promise is tested, not assumed). A binary there that is newer than every source and build file is reused, and
/// so is the publish log it came with, so a second run in a row does not pay the one-to-two-minute publish again.
/// </summary>
public sealed class NativeAotBinary : IAsyncLifetime
{
    /// <summary>The published native executable.</summary>
    public string Executable { get; private set; } = string.Empty;

    /// <summary>Everything <c>dotnet publish</c> printed (for the warning check).</summary>
    public string PublishLog { get; private set; } = string.Empty;

    /// <summary>Whether this run published (false: an up-to-date binary was reused).</summary>
    public bool Published { get; private set; }

    public TimeSpan PublishTime { get; private set; }

    public async Task InitializeAsync()
    {
        var folder = Path.Combine(RepoPaths.Root, "artifacts", "aot-test");
        var executable = Path.Combine(folder, "pgsnap");
        var logFile = Path.Combine(folder, "publish.log");
        if (!IsUpToDate(executable, logFile))
        {
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
            PublishTime = DateTime.UtcNow - started;
            await File.WriteAllTextAsync(logFile, result.StdOut + result.StdErr);
            if (result.ExitCode != 0)
            {
                File.Delete(executable);
                throw new InvalidOperationException($"dotnet publish (Native AOT) failed ({result.ExitCode}):\n{result.StdOut}{result.StdErr}");
            }

            Published = true;
        }

        Executable = executable;
        PublishLog = await File.ReadAllTextAsync(logFile);
    }

    public Task DisposeAsync() => Task.CompletedTask;

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
}

/// <summary>Runs the Native AOT tests alone and once: the publish is heavy.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeAotCollection : ICollectionFixture<NativeAotBinary>
{
    public const string Name = "Native AOT";
}
