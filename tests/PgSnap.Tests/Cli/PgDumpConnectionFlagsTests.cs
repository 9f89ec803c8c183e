using System.Globalization;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Cli;

/// <summary>
/// A backup script written for pg_dump (<c>-h -p -U -d -F p -f</c>, or the database as the last argument) runs
/// with <c>pgsnap dump</c> swapped in, and every way of getting those flags wrong is a usage error (exit 2), never
/// a help text with exit 0 and no file.
/// </summary>
public sealed class PgDumpConnectionFlagsTests
{
    [Fact]
    public async Task A_pg_dump_style_command_line_with_h_p_U_d_F_p_f_writes_the_backup()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("flags");
        await server.ExecuteAsync(db, "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'one'), (2, 'two');");
        var dir = Directory.CreateTempSubdirectory("pgsnap-flags-").FullName;
        var file = Path.Combine(dir, "flags.sql");

        var result = await PgSnapCli.Default.RunAsync(
            ["dump", "-h", server.Host, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.User, "-w", "-d", db, "-F", "p", "-f", file],
            environment: new Dictionary<string, string?> { ["PGPASSWORD"] = server.Password, ["PGSSLMODE"] = "disable" });

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("COPY public.t", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_database_as_the_last_argument_is_the_one_dumped()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("positional");
        await server.ExecuteAsync(db, "CREATE TABLE only_here (id int);");
        var dir = Directory.CreateTempSubdirectory("pgsnap-flags-").FullName;
        var file = Path.Combine(dir, "positional.sql");

        var result = await PgSnapCli.Default.RunAsync(
            ["dump", "--host", server.Host, "--port", server.Port.ToString(CultureInfo.InvariantCulture), "--username", server.User, "-s", "-f", file, db],
            environment: new Dictionary<string, string?> { ["PGPASSWORD"] = server.Password, ["PGSSLMODE"] = "disable" });

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("only_here", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_dir_that_does_not_exist_is_created_private_with_its_parents()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("outdir");
        await server.ExecuteAsync(db, "CREATE TABLE t (id int);");
        var root = Directory.CreateTempSubdirectory("pgsnap-outdir-").FullName;
        var folder = Path.Combine(root, "dbDump", "prod");

        var result = await PgSnapCli.Default.RunAsync(["dump", "--url", server.UrlFor(db), "--output-dir", folder, "--env", "prod"]);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Single(Directory.GetFiles(folder, "backup_prod_*.sql.gz"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(folder)!));
    }

    [Fact]
    public async Task Dash_h_is_the_host_not_the_help()
    {
        // Port 1: nothing listens, so the attempt fails at once with the connection code, not help and exit 0.
        var result = await PgSnapCli.Default.RunAsync(["dump", "-h", "127.0.0.1", "-p", "1", "-U", "nobody", "app"], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(3, result.ExitCode);
        Assert.DoesNotContain("Usage:", result.StdOutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-p", "abc")]
    [InlineData("-p", "70000")]
    [InlineData("-F", "c")]
    [InlineData("-F", "directory")]
    [InlineData("-F", "x")]
    public async Task A_bad_flag_value_is_a_one_line_usage_error(string flag, string value)
    {
        var dir = Directory.CreateTempSubdirectory("pgsnap-flags-").FullName;
        var file = Path.Combine(dir, "never.sql");

        var result = await PgSnapCli.Default.RunAsync(["dump", flag, value, "-h", "127.0.0.1", "-f", file, "app"], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Contains(value, result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Theory]
    [InlineData("backup.dump")]
    [InlineData("backup.sql.bz2")]
    [InlineData("backup.sql.xz")]
    [InlineData("backup.tar")]
    public async Task An_output_name_in_a_format_pgsnap_does_not_write_is_refused_before_connecting(string name)
    {
        var dir = Directory.CreateTempSubdirectory("pgsnap-flags-").FullName;
        var file = Path.Combine(dir, name);

        // Port 1: were the name accepted, the connection would fail with exit 3 instead.
        var result = await PgSnapCli.Default.RunAsync(["dump", "-h", "127.0.0.1", "-p", "1", "-f", file, "app"], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(".sql.gz", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task A_database_given_twice_or_w_with_W_is_a_usage_error()
    {
        var both = await PgSnapCli.Default.RunAsync(["dump", "-d", "one", "two"], timeout: TimeSpan.FromSeconds(60));
        var contradiction = await PgSnapCli.Default.RunAsync(["dump", "-w", "-W", "app"], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, both.ExitCode);
        Assert.Equal(2, contradiction.ExitCode);
    }

    [Theory]
    [InlineData("-?")]
    [InlineData("--help")]
    public async Task Help_answers_to_question_mark_and_long_help(string flag)
    {
        var result = await PgSnapCli.Default.RunAsync(["dump", flag]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--host", result.StdOutText, StringComparison.Ordinal);
        Assert.Contains("--username", result.StdOutText, StringComparison.Ordinal);
    }
}
