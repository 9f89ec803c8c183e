using System.Text.Json;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Cli;

/// <summary>
/// The CLI asks the GC to conserve memory (README, "5,000 tables": peak RSS of a 5,000-table dump 123 → 95 MB).
/// The setting travels in the runtime configuration, which the Native AOT publish bakes in from the same project.
/// </summary>
public sealed class GcSettingsTests
{
    [Fact]
    [Trait("Tier", "Fast")]
    public void The_cli_runtime_configuration_asks_the_gc_to_conserve_memory()
    {
        var config = Path.ChangeExtension(RepoPaths.CliDll, ".runtimeconfig.json");
        using var json = JsonDocument.Parse(File.ReadAllText(config));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty("System.GC.ConserveMemory", out var value), $"{config} has no System.GC.ConserveMemory");
        Assert.Equal(9, value.GetInt32());
    }
}
