using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using PgSnap.Archive;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>`pgsnap dump` as a user runs it: stdout target, naming, --json, refusals and a killed backend.</summary>
public sealed class DumpCliTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _db = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.GetAsync();
        _db = await _server.CreateDatabaseAsync("dumpcli");
        await _server.ExecuteAsync(_db, """
            CREATE TABLE public.clients (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, tags text[]);
            CREATE TABLE public.agent_calls (id uuid PRIMARY KEY, client_id bigint REFERENCES public.clients, at timestamptz, payload jsonb, transcript text);
            INSERT INTO public.clients (name, tags) SELECT 'client ' || g, ARRAY['a', E'b\tc'] FROM generate_series(1, 50) g;
            INSERT INTO public.agent_calls SELECT md5(g::text)::uuid, 1 + g % 50, now(), jsonb_build_object('g', g), repeat('words ', g % 40)
            FROM generate_series(1, 2000) g;
            """);
        _dir = Directory.CreateTempSubdirectory("pgsnap-cli-").FullName;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Dump_to_stdout_writes_only_the_archive_and_psql_restores_it()
    {
        var path = Path.Combine(_dir, "stdout.sql");
        var result = await PgSnapCli.Default.RunAsync(["dump", "--url", _server.UrlFor(_db)], stdoutFile: path);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.StartsWith("-- pgsnap archive v1\n", Encoding.UTF8.GetString(bytes, 0, 40), StringComparison.Ordinal);
        DumpTestKit.Read(path, ArchiveCompression.None);
        Assert.Contains("pgsnap: dumped 2 tables, 2,050 rows, ", result.StdErr, StringComparison.Ordinal);
        Assert.Matches(new Regex(@" [0-9.]+ (kB|MB) written \(not compressed\) in "), result.StdErr);

        var schemaOnly = await PgSnapCli.Default.RunAsync(["dump", "--url", _server.UrlFor(_db), "-s", "-Z", "gzip", "-f", Path.Combine(_dir, "words.sql.gz")]);
        Assert.True(schemaOnly.ExitCode == 0, schemaOnly.StdErr);
        Assert.Matches(new Regex(@"pgsnap: schema only: 2 tables, 0 rows, [0-9.]+ (B|kB) written \(gzip:6, [0-9.]+ (B|kB) of SQL\) in "), schemaOnly.StdErr);

        var restored = await DumpTestKit.RestoreWithPsqlAsync(_server, path);
        foreach (var table in new[] { "public.clients", "public.agent_calls" })
        {
            Assert.Equal(await DumpTestKit.TableFingerprintAsync(_server, _db, table), await DumpTestKit.TableFingerprintAsync(_server, restored, table));
        }
    }

    [Fact]
    public async Task Output_dir_names_the_file_by_convention_and_prints_a_json_summary()
    {
        var result = await PgSnapCli.Default.RunAsync(
            ["dump", "--url", _server.UrlFor(_db), "--output-dir", _dir, "--env", "prod", "--label", "pre migration/1", "--json", "-j", "2"]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        using var json = JsonDocument.Parse(result.StdOutText);
        var root = json.RootElement;
        Assert.Equal("ok", root.GetProperty("status").GetString());
        Assert.Equal(2050, root.GetProperty("rows").GetInt64());
        Assert.Equal("gzip:6", root.GetProperty("compression").GetString());
        var file = root.GetProperty("file").GetString()!;
        Assert.Matches(new Regex(@"^backup_prod_\d{8}_\d{6}[+-]\d{4}_pre-migration-1\.sql\.gz$"), Path.GetFileName(file));
        Assert.True(File.Exists(file));
        Assert.Empty(Directory.GetFiles(_dir, "*.partial"));
        DumpTestKit.Read(file, ArchiveCompression.Gzip);

        var schemaOnly = await PgSnapCli.Default.RunAsync(
            ["dump", "--url", _server.UrlFor(_db), "--output-dir", _dir, "--env", "prod", "-s", "-Z", "lz4", "--quiet"]);
        Assert.True(schemaOnly.ExitCode == 0, schemaOnly.StdErr);
        Assert.Single(Directory.GetFiles(_dir, "schema_prod_*.sql.lz4"));
        Assert.Equal(string.Empty, schemaOnly.StdErr);
    }

    [Fact]
    public async Task Output_dir_names_are_in_local_time_with_the_offset_and_utc_keeps_them_in_utc()
    {
        var dir = Path.Combine(_dir, "tz");
        var india = new Dictionary<string, string?> { ["TZ"] = "Asia/Kolkata" };
        var local = await PgSnapCli.Default.RunAsync(["dump", "--url", _server.UrlFor(_db), "--output-dir", dir, "--env", "prod", "-s", "--quiet"], environment: india);
        var utc = await PgSnapCli.Default.RunAsync(["dump", "--url", _server.UrlFor(_db), "--output-dir", dir, "--env", "prod", "-s", "--quiet", "--utc", "--label", "u"], environment: india);

        Assert.True(local.ExitCode == 0, local.StdErr);
        Assert.True(utc.ExitCode == 0, utc.StdErr);
        var names = Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, names.Count);
        Assert.Matches(new Regex(@"^schema_prod_\d{8}_\d{6}\+0530\.sql\.gz$"), names.Single(n => !n!.Contains("_u.", StringComparison.Ordinal)));
        Assert.Matches(new Regex(@"^schema_prod_\d{8}_\d{6}_u\.sql\.gz$"), names.Single(n => n!.Contains("_u.", StringComparison.Ordinal)));
        Assert.True(PgSnap.Retention.BackupName.TryParse(names[0]!, out var first));
        Assert.True(PgSnap.Retention.BackupName.TryParse(names[1]!, out var second));
        Assert.True((first.TimestampUtc - second.TimestampUtc).Duration() < TimeSpan.FromMinutes(5), $"{first.TimestampUtc:O} vs {second.TimestampUtc:O}");
    }

    [Fact]
    public async Task Existing_file_exits_with_the_refused_code_and_force_replaces_it()
    {
        var path = Path.Combine(_dir, "exists.sql.gz");
        await File.WriteAllTextAsync(path, "older");
        var refused = await PgSnapCli.Default.RunAsync(["dump", "--url", _server.UrlFor(_db), "-f", path]);
        Assert.Equal(6, refused.ExitCode);
        Assert.Contains("--force", refused.StdErr, StringComparison.Ordinal);
        Assert.Equal("older", await File.ReadAllTextAsync(path));

        var forced = await PgSnapCli.Default.RunAsync(["dump", "--url", _server.UrlFor(_db), "-f", path, "--force", "--quiet"]);
        Assert.True(forced.ExitCode == 0, forced.StdErr);
        DumpTestKit.Read(path, ArchiveCompression.Gzip);
    }

    [Fact]
    public async Task Parallel_dump_through_the_transaction_pooler_port_is_refused_with_a_hint()
    {
        var result = await PgSnapCli.Default.RunAsync(["dump", "--url", "postgresql://u:pw@127.0.0.1:6543/app", "-j", "2", "-f", Path.Combine(_dir, "x.sql")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("6543", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("-j 1", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "x.sql.partial")));
    }

    [Fact]
    public async Task Terminated_backend_during_the_copy_exits_nonzero_and_leaves_no_file()
    {
        var db = await _server.CreateDatabaseAsync("dumpkill");
        // Hex text at gzip level 9 compresses slowly, so the bounded block queue holds the server's COPY open for
        // seconds (backpressure) instead of racing the poll below on a fast machine.
        await _server.ExecuteAsync(db, "CREATE TABLE public.big (id int, t text); INSERT INTO public.big SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 400000) g;");
        var path = Path.Combine(_dir, "killed.sql.gz");
        var dump = PgSnapCli.Default.RunAsync(["dump", "--url", _server.UrlFor(db), "-f", path, "-Z", "gzip:9"]);
        var killed = 0L;
        await using (var conn = new NpgsqlConnection(_server.ConnectionStringFor("postgres")))
        {
            await conn.OpenAsync();
            while (!dump.IsCompleted && killed == 0)
            {
                await using var cmd = new NpgsqlCommand(
                    $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{db}' AND query LIKE 'COPY%' AND state = 'active'", conn);
                killed = (long)(await cmd.ExecuteScalarAsync())!;
                await Task.Delay(10);
            }
        }

        var result = await dump;
        Assert.True(killed > 0, "the dump finished before its COPY could be terminated");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("pgsnap: error:", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));
    }
}
