using PgSnap.Archive.Compression;
using PgSnap.Restore;
using PgSnap.Restore.Selection;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Guards;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Restore;

/// <summary>
/// Selective restore of a pg_dump plain file (through the splitter: its "-- Name: …; Type: …" entries), and -j N
/// together with a selection of a PgSnap archive.
/// </summary>
public sealed class PlainSelectiveRestoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Source = """
        CREATE SCHEMA app;
        CREATE TABLE app.clients (id serial PRIMARY KEY, name text NOT NULL);
        CREATE TABLE app.calls (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, client_id int REFERENCES app.clients, note text DEFAULT 'none');
        CREATE INDEX calls_note_idx ON app.calls (note);
        COMMENT ON TABLE app.calls IS 'every call';
        CREATE FUNCTION app.add(a integer, b integer) RETURNS integer LANGUAGE sql AS 'SELECT a + b';
        INSERT INTO app.clients (name) SELECT 'client ' || g FROM generate_series(1, 20) g;
        INSERT INTO app.calls (client_id, note) SELECT 1 + g % 20, 'note ' || g FROM generate_series(1, 500) g;
        CREATE TABLE public.other (v int);
        INSERT INTO public.other VALUES (1), (2);
        """;

    private TestServer _server = null!;
    private string _plain = null!;
    private string _archive = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.GetAsync();
        var db = await _server.CreateDatabaseAsync("plainsel_src");
        await _server.ExecuteAsync(db, Source);
        _plain = RestoreFixture.TempFile("plain.sql");
        await RestoreFixture.PgDumpAsync(db, _plain);
        _archive = RestoreFixture.TempFile("plainsel.sql.gz");
        await GuardsKit.DumpAsync(_server, db, _archive, CompressionSpec.Gzip);
        await _server.DropDatabaseAsync(db);
    }

    public Task DisposeAsync()
    {
        File.Delete(_plain);
        File.Delete(_archive);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Restore_t_of_a_pg_dump_file_brings_the_table_with_its_index_identity_default_comment_and_rows_next_to_the_rest()
    {
        var target = await _server.CreateDatabaseAsync("plainsel_t");
        await _server.ExecuteAsync(target, "CREATE SCHEMA app; CREATE TABLE app.clients (id serial PRIMARY KEY, name text NOT NULL); INSERT INTO app.clients (name) SELECT 'c' || g FROM generate_series(1, 20) g");
        var summary = await RestoreFixture.RestoreAsync(_plain, target, new RestoreOptions { Selection = new RestoreSelection { Tables = ["app.calls"] } });
        output.WriteLine($"{summary.Statements} statements, {summary.Skipped} skipped");

        Assert.Equal(500L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM app.calls"));
        Assert.Equal(501L, await _server.ScalarAsync<long>(target, "SELECT nextval('app.calls_id_seq')"));
        Assert.Equal("a", await _server.ScalarAsync<string>(target, "SELECT attidentity::text FROM pg_attribute WHERE attrelid = 'app.calls'::regclass AND attname = 'id'"));
        Assert.Equal(1L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_indexes WHERE indexname = 'calls_note_idx'"));
        Assert.Equal("every call", await _server.ScalarAsync<string>(target, "SELECT obj_description('app.calls'::regclass, 'pg_class')"));
        Assert.Equal(1L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = 'app.calls'::regclass"));
        Assert.Null(await _server.ScalarAsync<string>(target, "SELECT to_regclass('public.other')::text"));
        Assert.Equal(0L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_proc WHERE proname = 'add'"));
        // The target's own app.clients is not touched (its rows are not the file's).
        Assert.Equal("c1", await _server.ScalarAsync<string>(target, "SELECT name FROM app.clients WHERE id = 1"));

        var missing = await PgSnapCli.Default.RunAsync(["restore", _plain, "--url", _server.UrlFor(target), "-t", "app.nope"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("the file does not have: table app.nope", missing.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_only_of_one_schema_then_its_data_then_one_index_and_one_function_from_a_pg_dump_file()
    {
        var target = await _server.CreateDatabaseAsync("plainsel_s");
        await RestoreFixture.RestoreAsync(_plain, target, new RestoreOptions { Selection = new RestoreSelection { Schemas = ["app"], SchemaOnly = true } });
        Assert.Equal(0L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM app.calls"));
        Assert.Equal(1L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_indexes WHERE indexname = 'calls_note_idx'"));
        Assert.Null(await _server.ScalarAsync<string>(target, "SELECT to_regclass('public.other')::text"));

        // Its data, into its empty tables: no --force (a data-only selection's natural target). pg_dump writes the
        // rows in name order (calls before clients), so the referenced table goes first, as with pg_restore.
        await RestoreFixture.RestoreAsync(_plain, target, new RestoreOptions { Selection = new RestoreSelection { Tables = ["app.clients"], Sections = ["data"] } });
        await RestoreFixture.RestoreAsync(_plain, target, new RestoreOptions { Selection = new RestoreSelection { Schemas = ["app"], ExcludeTables = ["clients"], DataOnly = true } });
        Assert.Equal(500L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM app.calls"));
        Assert.Equal(21L, await _server.ScalarAsync<long>(target, "SELECT nextval('app.clients_id_seq')"));

        var pre = await _server.CreateDatabaseAsync("plainsel_ip");
        await _server.ExecuteAsync(pre, "CREATE SCHEMA app; CREATE TABLE app.calls (id int, client_id int, note text)");
        await RestoreFixture.RestoreAsync(_plain, pre, new RestoreOptions { Selection = new RestoreSelection { Indexes = ["calls_note_idx"], Functions = ["app.add(integer, integer)"] } });
        Assert.Equal(1L, await _server.ScalarAsync<long>(pre, "SELECT count(*) FROM pg_indexes WHERE indexname = 'calls_note_idx'"));
        Assert.Equal(3, await _server.ScalarAsync<int>(pre, "SELECT app.add(1, 2)"));
        Assert.Null(await _server.ScalarAsync<string>(pre, "SELECT to_regclass('app.clients')::text"));
    }

    [Fact]
    public async Task Jobs_with_a_selection_restore_only_the_chosen_blocks_on_several_connections()
    {
        var target = await _server.CreateDatabaseAsync("plainsel_j");
        var summary = await RestoreFixture.RestoreAsync(_archive, target, new RestoreOptions { Jobs = 2, NoSingleTransaction = true, Selection = new RestoreSelection { Schemas = ["app"] } });
        Assert.Equal(2, summary.Jobs);
        Assert.Equal(500L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM app.calls"));
        Assert.Equal(20L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM app.clients"));
        Assert.Equal(1L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = 'app.calls'::regclass"));
        Assert.Null(await _server.ScalarAsync<string>(target, "SELECT to_regclass('public.other')::text"));
        Assert.NotNull(summary.ArchiveBytesRead);
    }
}
