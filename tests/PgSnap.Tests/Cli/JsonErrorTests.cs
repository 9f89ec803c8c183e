using System.Text.Json;
using Xunit;

namespace PgSnap.Tests.Cli;

/// <summary>
/// Every verb that takes --json prints one JSON object on stdout when it fails (status, exit code, the error line
/// with no password in it), as it does when it succeeds: a script reading stdout never gets nothing.
/// </summary>
public sealed class JsonErrorTests
{
    private const string Secret = "Js0n-S3cret-Pw";

    public static TheoryData<string[], int> Failures => new()
    {
        { ["dump", "--json", "-d", $"postgresql://u:{Secret}@127.0.0.1:1/app", "-f", "/tmp/pgsnap-json-error-never.sql"], 3 },
        { ["restore", "--json", "/nonexistent/pgsnap/archive.sql", "-d", "postgresql://u@127.0.0.1:1/app"], 2 },
        { ["verify", "--json", "/nonexistent/pgsnap/archive.sql.gz"], 2 },
        { ["list", "--json", "/nonexistent/pgsnap/archive.sql.gz"], 2 },
        { ["prune", "--json", "/nonexistent/pgsnap/folder"], 2 },
        { ["drill", "--json", "/nonexistent/pgsnap/archive.sql.gz", "--scratch-url", "postgresql://u@127.0.0.1:1/scratch"], 2 },
        { ["dump", "--json", "--no-such-option"], 2 },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failing_verb_with_json_prints_a_json_error_object(string[] args, int expectedExit)
    {
        var result = await PgSnapCli.Default.RunAsync(args, timeout: TimeSpan.FromSeconds(120));

        Assert.NotEqual(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StdOutText);
        var root = json.RootElement;
        Assert.Equal("error", root.GetProperty("status").GetString());
        Assert.Equal(result.ExitCode, root.GetProperty("exit_code").GetInt32());
        Assert.Equal(expectedExit, result.ExitCode);
        var error = root.GetProperty("error").GetString()!;
        Assert.Contains(error, result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.StdOutText, StringComparison.Ordinal);
    }
}
