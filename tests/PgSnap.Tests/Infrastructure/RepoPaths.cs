using System.Reflection;

namespace PgSnap.Tests.Infrastructure;

/// <summary>Paths the test project records at build time (see PgSnap.Tests.csproj): the repository and the built CLI.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root (the folder holding PgSnap.sln).</summary>
    public static string Root => Metadata("PgSnapRepoRoot");

    /// <summary>The framework-dependent <c>pgsnap.dll</c> the test build produced.</summary>
    public static string CliDll => Metadata("PgSnapCliDll");

    private static string Metadata(string key) =>
        typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is missing: build the tests with PgSnap.Tests.csproj");
}
