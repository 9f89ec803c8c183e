using Xunit;

namespace PgSnap.Tests.Cli;

/// <summary>The Native AOT binary for the tests of the single-binary promise (<see cref="NativeAotPublish"/>).</summary>
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
        var outcome = await NativeAotPublish.GetAsync();
        Executable = outcome.Executable;
        PublishLog = outcome.Log;
        Published = outcome.Published;
        PublishTime = outcome.Time;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>Runs the Native AOT tests alone: the start-up time they measure wants the machine to themselves.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeAotCollection : ICollectionFixture<NativeAotBinary>
{
    public const string Name = "Native AOT";
}
