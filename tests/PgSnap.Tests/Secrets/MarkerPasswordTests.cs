using System.IO.Compression;
using PgSnap.Connection;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Guards;
using PgSnap.Tests.Infrastructure;
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

    /// <summary>
    /// The files a successful run writes (archives, the safety backup of a forced restore, the drill record, the roles
    /// file) and the JSON summaries on stdout must not hold the password either, when it came in a well-formed URL
    /// that connected: a role whose password is the marker runs every verb that connects.
    /// </summary>
    [Fact]
    public async Task No_successful_verb_prints_or_writes_the_password_it_connected_with()
    {
        var server = await TestServer.GetAsync();
        var role = $"pgsnap_marker_{Environment.ProcessId}";
        await server.ExecuteAsync("postgres", $"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{MalformedConnectionStrings.Marker}'");
        var source = await GuardsKit.CreateSourceAsync(server, "marker_src");
        var target = await server.CreateDatabaseAsync("marker_target");
        var work = Directory.CreateTempSubdirectory("pgsnap-marker-ok-").FullName;
        string Url(string db) => $"postgresql://{role}:{MalformedConnectionStrings.Marker}@{server.Host}:{server.Port}/{db}?sslmode=disable";
        try
        {
            await server.ExecuteAsync(target, "CREATE TABLE public.occupied (id int); INSERT INTO public.occupied VALUES (1);");
            var archive = Path.Combine(work, "marker.sql.gz");
            var safety = Directory.CreateDirectory(Path.Combine(work, "safety")).FullName;
            Directory.CreateDirectory(Path.Combine(work, "dir"));
            string[][] runs =
            [
                ["dump", "--verbose", "--json", "--url", Url(source), "-f", archive],
                ["dump", "--verbose", "--json", "--url", Url(source), "--output-dir", Path.Combine(work, "dir"), "--env", "test", "--label", "marker"],
                ["verify", "--verbose", "--json", archive, "--against", Url(source)],
                ["roles", "--verbose", "--url", Url(source), "-f", Path.Combine(work, "roles.sql")],
                ["restore", "--verbose", "--json", archive, "--url", Url(target), "--force", "--backup-dir", safety],
                ["drill", "--verbose", "--json", archive, "--scratch-url", Url("postgres"), "--against", Url(source)],
            ];
            var failures = new List<string>();
            foreach (var args in runs)
            {
                var result = await PgSnapCli.Default.RunAsync(args);
                Assert.True(result.ExitCode == 0, $"{args[0]}: {result.StdErr}");
                if ((result.StdErr + result.StdOutText).Contains(MalformedConnectionStrings.Marker, StringComparison.Ordinal))
                {
                    failures.Add($"{args[0]} printed the password");
                }
            }

            var files = Directory.GetFiles(work, "*", SearchOption.AllDirectories);
            Assert.Single(Directory.GetFiles(safety, "backup_restore_*_pre-restore.sql.gz"));
            Assert.Contains(files, static f => f.EndsWith(".drill.json", StringComparison.Ordinal));
            Assert.Contains(files, static f => f.Contains("backup_test_", StringComparison.Ordinal));
            foreach (var file in files)
            {
                if ((await ReadTextAsync(file)).Contains(MalformedConnectionStrings.Marker, StringComparison.Ordinal))
                {
                    failures.Add($"{Path.GetRelativePath(work, file)} holds the password");
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
        finally
        {
            await server.DropDatabaseAsync(source);
            await server.DropDatabaseAsync(target);
            await server.ExecuteAsync("postgres", $"DROP ROLE IF EXISTS {role}");
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A file's text, gunzipped when it is gzip (archives and safety backups are compressed).</summary>
    private static async Task<string> ReadTextAsync(string path)
    {
        await using var file = File.OpenRead(path);
        Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        await using (stream)
        {
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync();
        }
    }
}
