using PgSnap.Connection;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Secrets;

/// <summary>
/// There is one password-file lookup, under libpq's rules, and no library behind it reading the file again: a file
/// that group or others can read is refused with a warning and then really not used, against a real server that asks
/// for a password (scram-sha-256 on TCP).
/// </summary>
public sealed class PassFileTests
{
    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite, 0)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead, 3)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, 3)]
    public async Task A_password_file_is_used_only_when_nobody_else_can_read_it(UnixFileMode mode, int expectedExit)
    {
        var server = await TestServer.GetAsync();
        var work = Directory.CreateTempSubdirectory("pgsnap-pgpass-").FullName;
        try
        {
            var passfile = Path.Combine(work, "pgpass");
            await File.WriteAllTextAsync(passfile, $"{server.Host}:{server.Port}:*:{server.User}:{server.Password}\n");
            File.SetUnixFileMode(passfile, mode);
            var url = $"postgresql://{server.User}@{server.Host}:{server.Port}/postgres?sslmode=disable";

            var result = await PgSnapCli.Default.RunAsync(
                ["roles", "--url", url, "-f", Path.Combine(work, "roles.sql")],
                environment: new Dictionary<string, string?> { ["PGPASSFILE"] = passfile },
                timeout: TimeSpan.FromSeconds(60));

            Assert.True(expectedExit == result.ExitCode, $"exit {result.ExitCode}, expected {expectedExit}:\n{result.StdErr}");
            Assert.DoesNotContain(server.Password!, result.StdErr, StringComparison.Ordinal);
            if (expectedExit != 0)
            {
                Assert.Contains("ignoring it", result.StdErr, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task The_passfile_parameter_wins_over_PGPASSFILE()
    {
        var server = await TestServer.GetAsync();
        var work = Directory.CreateTempSubdirectory("pgsnap-pgpass-").FullName;
        try
        {
            var good = Path.Combine(work, "good");
            var bad = Path.Combine(work, "bad");
            await File.WriteAllTextAsync(good, $"*:*:*:{server.User}:{server.Password}\n");
            await File.WriteAllTextAsync(bad, $"*:*:*:{server.User}:wrong\n");
            File.SetUnixFileMode(good, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.SetUnixFileMode(bad, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            var spec = ConnectionResolver.Resolve(
                $"host={server.Host} port={server.Port} user={server.User} dbname=postgres passfile={good}",
                v => v == "PGPASSFILE" ? bad : null);

            Assert.Equal(server.Password, spec.Password);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Theory]
    [InlineData("/var/run/postgresql", "localhost", true)]
    [InlineData("/tmp", "localhost", true)]
    [InlineData("/srv/pg/sockets", "localhost", false)]
    [InlineData("/srv/pg/sockets", "/srv/pg/sockets", true)]
    public void A_socket_directory_matches_localhost_only_when_it_is_the_default_one(string host, string fileHost, bool matches)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, fileHost.Replace(":", "\\:", StringComparison.Ordinal) + ":5432:*:u:pw\n");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Assert.Equal(matches ? "pw" : null, PgPassFile.Lookup(file, host, 5432, "db", "u"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
