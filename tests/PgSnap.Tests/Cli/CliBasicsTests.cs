using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Cli;

/// <summary>The binary's surface as a user meets it: version, help, usage errors and connection errors.</summary>
public sealed class CliBasicsTests
{
    private const string Secret = "Sup3r-S3cret-Pw";

    [Fact]
    public async Task Version_prints_the_product_version_and_exits_zero()
    {
        var result = await PgSnapCli.Default.RunAsync(["--version"]);

        Assert.Equal(0, result.ExitCode);
        var expected = typeof(PgSnapException).Assembly.GetName().Version!;
        Assert.StartsWith($"{expected.Major}.{expected.Minor}.{expected.Build}", result.StdOutText.Trim(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdErr);
    }

    [Fact]
    public async Task Help_lists_the_commands()
    {
        var result = await PgSnapCli.Default.RunAsync(["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("dump", result.StdOutText, StringComparison.Ordinal);
        Assert.Contains("restore", result.StdOutText, StringComparison.Ordinal);
        Assert.Contains("--version", result.StdOutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("dump", "--no-such-option")]
    [InlineData("restore", "--no-such-option")]
    [InlineData("no-such-command")]
    public async Task Unknown_option_or_command_exits_with_the_usage_code(params string[] args)
    {
        var result = await PgSnapCli.Default.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.NotEqual(string.Empty, result.StdErr.Trim());
    }

    [Fact]
    public async Task Refused_connection_gives_one_line_exit_3_and_no_password()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var url = $"postgresql://alice:{Secret}@127.0.0.1:1/app?sslmode=disable";

        var result = await PgSnapCli.Default.RunAsync(["dump", "--url", url], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(3, result.ExitCode);
        AssertOneLineWithoutSecret(result);
    }

    [Fact]
    public async Task Malformed_url_gives_one_line_exit_2_and_no_password()
    {
        var url = $"postgresql://alice:{Secret}@127.0.0.1:notaport/app";

        var result = await PgSnapCli.Default.RunAsync(["dump", "--url", url], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        AssertOneLineWithoutSecret(result);
    }

    [Fact]
    public async Task Wrong_password_gives_one_line_exit_3_and_never_echoes_it()
    {
        var server = await TestServer.GetAsync();
        var url = $"postgresql://{server.User}:{Secret}@{server.Host}:{server.Port}/postgres?sslmode=disable";

        var result = await PgSnapCli.Default.RunAsync(["dump", "--url", url], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(3, result.ExitCode);
        AssertOneLineWithoutSecret(result);
    }

    private static void AssertOneLineWithoutSecret(ProcessRunner.BinaryResult result)
    {
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{result.StdErr}");
        Assert.DoesNotContain(Secret, result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.StdOutText, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }
}
