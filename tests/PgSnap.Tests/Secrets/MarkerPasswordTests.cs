using PgSnap.Connection;
using PgSnap.Tests.Cli;
using Xunit;

namespace PgSnap.Tests.Secrets;

/// <summary>
/// A password must never reach any output, least of all when the connection string that holds it is malformed and
/// no parser could tell where the password is. Checked on the parser's errors (every string) and on what every verb
/// that takes a connection prints with --verbose (stdout, stderr, and the files it may leave).
/// </summary>
public sealed class MarkerPasswordTests
{
    public static TheoryData<string> Strings
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var s in MalformedConnectionStrings.All)
            {
                data.Add(s);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Strings))]
    public void Resolving_a_malformed_string_never_shows_the_password(string connectionString)
    {
        var warnings = new List<string>();
        try
        {
            var spec = ConnectionResolver.Resolve(connectionString, static _ => null, warnings.Add);
            Assert.DoesNotContain(MalformedConnectionStrings.Marker, spec.Describe(), StringComparison.Ordinal);
        }
        catch (PgSnapException ex)
        {
            Assert.Equal(PgSnapErrorKind.Usage, ex.Kind);
            Assert.DoesNotContain(MalformedConnectionStrings.Marker, ex.Message, StringComparison.Ordinal);
        }

        Assert.All(warnings, w => Assert.DoesNotContain(MalformedConnectionStrings.Marker, w, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("postgresql:/app_user:pw@db.example.com:5432/app", "\"postgresql:/…\" looks like a URL with a mistyped scheme")]
    [InlineData("postgresq://app_user:pw@db.example.com/app", "\"postgresq://…\" looks like a URL with a mistyped scheme")]
    [InlineData("postgresql://u:pw@h/app?sslmode=requir", "invalid sslmode \"requir\"")]
    [InlineData("postgresql://u:p/w@h:5432/app", "the port must be a number")]
    [InlineData("host=h dbname=a@b", "the database name in dbname holds '@'")]
    [InlineData("host=h sslmod=require", "unsupported connection parameter \"sslmod\"")]
    public void The_error_names_the_part_that_is_wrong(string connectionString, string expected)
    {
        var ex = Assert.Throws<PgSnapException>(() => ConnectionStringParser.Parse(connectionString));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", ex.Message.Replace("password", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_verb_prints_or_writes_the_password_of_a_malformed_string()
    {
        var work = Directory.CreateTempSubdirectory("pgsnap-marker-").FullName;
        try
        {
            var archive = Path.Combine(work, "in.sql");
            await File.WriteAllTextAsync(archive, "SELECT 1;\n");
            var failures = new List<string>();
            foreach (var connection in MalformedConnectionStrings.All)
            {
                string[][] runs =
                [
                    ["dump", "--verbose", "--url", connection, "-f", Path.Combine(work, "out.sql")],
                    ["dump", "--verbose", "--url", connection, "--json"],
                    ["restore", "--verbose", archive, "--url", connection],
                    ["verify", "--verbose", archive, "--against", connection],
                    ["drill", "--verbose", archive, "--scratch-url", connection],
                    ["roles", "--verbose", "--url", connection, "-f", Path.Combine(work, "roles.sql")],
                ];
                foreach (var args in runs)
                {
                    var result = await PgSnapCli.Default.RunAsync(args, timeout: TimeSpan.FromSeconds(60));
                    var shown = result.StdErr + "\n" + result.StdOutText;
                    if (shown.Contains(MalformedConnectionStrings.Marker, StringComparison.Ordinal))
                    {
                        failures.Add($"{args[0]} with a malformed string printed the password:\n{shown}");
                    }

                    if (result.ExitCode is 0)
                    {
                        failures.Add($"{args[0]} exited 0 with a malformed connection string");
                    }
                }
            }

            foreach (var file in Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories))
            {
                if ((await File.ReadAllTextAsync(file)).Contains(MalformedConnectionStrings.Marker, StringComparison.Ordinal))
                {
                    failures.Add($"{Path.GetFileName(file)} holds the password");
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
