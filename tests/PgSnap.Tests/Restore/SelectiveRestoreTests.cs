using PgSnap.Archive.Compression;
using PgSnap.Archive.Reading;
using PgSnap.Restore;
using PgSnap.Restore.Selection;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Guards;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Restore;

/// <summary>
/// Selective restore from a PgSnap archive (-t, -T, -n, -s, -a, -l, -L): only the chosen blocks are read, and -t
/// brings what belongs to the table, as pg_dump -t dumps it.
/// </summary>
public sealed class SelectiveRestoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Source = """
        CREATE SCHEMA app;
        CREATE TABLE app.events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kind text NOT NULL DEFAULT 'click', payload text);
        CREATE INDEX events_kind_idx ON app.events (kind);
        COMMENT ON TABLE app.events IS 'the big one';
        ALTER TABLE app.events ENABLE ROW LEVEL SECURITY;
        CREATE POLICY events_read ON app.events FOR SELECT USING (true);
        CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
        CREATE TRIGGER events_touch BEFORE INSERT ON app.events FOR EACH ROW EXECUTE FUNCTION app.touch();
        INSERT INTO app.events (kind, payload) SELECT CASE WHEN g % 3 = 0 THEN 'view' ELSE 'click' END, md5(g::text) || repeat(md5((g * 7)::text), 8) FROM generate_series(1, 60000) g;
        CREATE TABLE app.logs (id serial PRIMARY KEY, line text);
        INSERT INTO app.logs (line) SELECT md5(g::text) || repeat(md5((g * 3)::text), 8) FROM generate_series(1, 60000) g;
        CREATE TABLE public.small (v int);
        INSERT INTO public.small VALUES (1), (2);
        """;

    private TestServer _server = null!;
    private string _archive = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.GetAsync();
        var db = await _server.CreateDatabaseAsync("sel_src");
        await _server.ExecuteAsync(db, Source);
        _archive = RestoreFixture.TempFile("selective.sql.gz");
        await GuardsKit.DumpAsync(_server, db, _archive, CompressionSpec.Gzip);
        await _server.DropDatabaseAsync(db);
    }

    public Task DisposeAsync()
    {
        File.Delete(_archive);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Restore_t_of_a_gzip_archive_reads_only_that_tables_blocks_and_brings_what_belongs_to_it()
    {
        var target = await _server.CreateDatabaseAsync("sel_t");
        await _server.ExecuteAsync(target, "CREATE SCHEMA app; CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;");

        var summary = await RestoreFixture.RestoreAsync(_archive, target, new RestoreOptions { Force = true, Selection = new RestoreSelection { Tables = ["app.events"] } });

        Assert.Equal(60000L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM app.events"));
        Assert.Equal(60001L, await _server.ScalarAsync<long>(target, "SELECT nextval('app.events_id_seq')"));
        Assert.Equal("a", await _server.ScalarAsync<string>(target, "SELECT attidentity::text FROM pg_attribute WHERE attrelid = 'app.events'::regclass AND attname = 'id'"));
        Assert.Equal(1L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_indexes WHERE indexname = 'events_kind_idx'"));
        Assert.Equal(1L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_policies WHERE policyname = 'events_read'"));
        Assert.Equal(1L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_trigger WHERE tgname = 'events_touch'"));
        Assert.Equal("the big one", await _server.ScalarAsync<string>(target, "SELECT obj_description('app.events'::regclass, 'pg_class')"));
        Assert.StartsWith("'click'", await _server.ScalarAsync<string>(target, "SELECT column_default FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'kind'"), StringComparison.Ordinal);
        Assert.Null(await _server.ScalarAsync<string>(target, "SELECT to_regclass('app.logs')::text"));
        Assert.Null(await _server.ScalarAsync<string>(target, "SELECT to_regclass('public.small')::text"));

        // I/O: the blocks of app.logs (as big as app.events) are never read.
        using var index = (await ArchiveIndex.TryOpenAsync(_archive, CancellationToken.None))!;
        var fileLength = new FileInfo(_archive).Length;
        var logs = index.Manifest.Blocks.Where(static b => b.Name is "logs" or "logs_id_seq" or "logs_pkey").Sum(static b => b.Length);
        var events = index.Manifest.Blocks.Where(static b => b.Kind == "TABLE DATA" && b.Name == "events").Sum(static b => b.Length);
        output.WriteLine($"restore -t app.events read {summary.ArchiveBytesRead} of {fileLength} bytes (app.events data blocks: {events} bytes, app.logs blocks: {logs} bytes)");
        Assert.NotNull(summary.ArchiveBytesRead);
        // The chosen blocks are read twice (the checksum and safety survey before anything runs, then the restore);
        // everything else read (header, sequences, manifest, footer) is small next to app.logs.
        Assert.True(summary.ArchiveBytesRead >= 2 * events);
        Assert.True(summary.ArchiveBytesRead - (2 * events) < logs / 10, $"read {summary.ArchiveBytesRead} bytes; app.events' data twice is {2 * events}, app.logs alone is {logs}");
    }

    [Fact]
    public async Task A_table_the_archive_does_not_have_is_a_usage_error_naming_it_and_list_and_use_list_select_entries()
    {
        var target = await _server.CreateDatabaseAsync("sel_l");
        var missing = await PgSnapCli.Default.RunAsync(["restore", _archive, "--url", _server.UrlFor(target), "-t", "app.nope", "-t", "small"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("-t names 1 table(s) the archive does not have: app.nope", missing.StdErr, StringComparison.Ordinal);

        var dry = System.Text.Encoding.UTF8.GetString((await PgSnapCli.Default.RunCheckedAsync(["restore", _archive, "--dry-run", "-t", "small"])).StdOut);
        Assert.Contains("public.small", dry, StringComparison.Ordinal);
        Assert.DoesNotContain("app.logs", dry, StringComparison.Ordinal);

        var list = await PgSnapCli.Default.RunCheckedAsync(["restore", _archive, "-l"]);
        var lines = System.Text.Encoding.UTF8.GetString(list.StdOut).Split('\n');
        // A big table's rows are several blocks, listed as parts.
        var data = lines.Where(static l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d+; TABLE DATA app logs \(part \d+\) postgres$")).ToList();
        Assert.True(data.Count > 1, string.Join('\n', lines));
        Assert.Contains(lines, static l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d+; TABLE app logs postgres$"));

        // Comment out the rows of app.logs and everything of the other tables: app.logs comes back empty.
        var edited = lines.Select(l => data.Contains(l) || (l.Length > 0 && !l.StartsWith(";", StringComparison.Ordinal) && !l.Contains(" app logs", StringComparison.Ordinal) && !l.Contains("logs_", StringComparison.Ordinal) && !l.Contains("; SCHEMA ", StringComparison.Ordinal)) ? ";" + l : l);
        var listFile = RestoreFixture.TempFile("list.txt");
        await File.WriteAllLinesAsync(listFile, edited);
        var restored = await PgSnapCli.Default.RunAsync(["restore", _archive, "--url", _server.UrlFor(target), "-L", listFile]);
        output.WriteLine(restored.StdErr);
        Assert.True(restored.ExitCode == 0, restored.StdErr);
        Assert.Equal(0L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM app.logs"));
        Assert.Null(await _server.ScalarAsync<string>(target, "SELECT to_regclass('app.events')::text"));
        Assert.Equal(60001L, await _server.ScalarAsync<long>(target, "SELECT nextval('app.logs_id_seq')"));

        var unknown = RestoreFixture.TempFile("unknown.txt");
        await File.WriteAllLinesAsync(unknown, ["; a comment", "99999; TABLE app ghost postgres"]);
        var bad = await PgSnapCli.Default.RunAsync(["restore", _archive, "--url", _server.UrlFor(target), "-L", unknown]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("99999", bad.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_only_then_data_only_of_one_table_and_exclusions_by_schema_and_table()
    {
        var target = await _server.CreateDatabaseAsync("sel_sa");
        await RestoreFixture.RestoreAsync(_archive, target, new RestoreOptions { Selection = new RestoreSelection { Schemas = ["app"], ExcludeTables = ["events"], SchemaOnly = true } });
        Assert.Equal(0L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM app.logs"));
        Assert.Null(await _server.ScalarAsync<string>(target, "SELECT to_regclass('app.events')::text"));
        Assert.Null(await _server.ScalarAsync<string>(target, "SELECT to_regclass('public.small')::text"));

        // The data of one table, into its empty table: a data-only selection needs no --force.
        await RestoreFixture.RestoreAsync(_archive, target, new RestoreOptions { Selection = new RestoreSelection { Tables = ["app.logs"], Sections = ["data"] } });
        Assert.Equal(60000L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM app.logs"));
        Assert.Equal(60001L, await _server.ScalarAsync<long>(target, "SELECT nextval('app.logs_id_seq')"));
    }
}
