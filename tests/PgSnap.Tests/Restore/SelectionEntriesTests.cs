using PgSnap.Archive.Compression;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Guards;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Restore;

/// <summary>
/// Selective restore of a PgSnap archive into a database that holds the rest: -I and -P choose single entries, a
/// foreign key to a table neither restored nor present is left out with a warning, and a chosen object the target
/// already holds is refused by name.
/// </summary>
public sealed class SelectionEntriesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Source = """
        CREATE SCHEMA app;
        CREATE TABLE app.clients (id int PRIMARY KEY, name text);
        CREATE TABLE app.calls (id int PRIMARY KEY, client_id int REFERENCES app.clients, note text);
        CREATE INDEX calls_note_idx ON app.calls (note);
        CREATE FUNCTION app.add(a integer, b integer) RETURNS integer LANGUAGE sql AS 'SELECT a + b';
        CREATE FUNCTION app.add(a text, b text) RETURNS text LANGUAGE sql AS 'SELECT a || b';
        INSERT INTO app.clients VALUES (1, 'one'), (2, 'two');
        INSERT INTO app.calls VALUES (1, 1, 'x'), (2, 2, 'y'), (3, NULL, 'z');
        """;

    private TestServer _server = null!;
    private string _archive = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.GetAsync();
        var db = await _server.CreateDatabaseAsync("selent_src");
        await _server.ExecuteAsync(db, Source);
        _archive = RestoreFixture.TempFile("entries.sql.gz");
        await GuardsKit.DumpAsync(_server, db, _archive, CompressionSpec.Gzip);
        await _server.DropDatabaseAsync(db);
    }

    public Task DisposeAsync()
    {
        File.Delete(_archive);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_foreign_key_to_a_table_neither_restored_nor_present_is_skipped_with_a_warning_naming_it()
    {
        var target = await _server.CreateDatabaseAsync("selent_fk");
        await _server.ExecuteAsync(target, "CREATE SCHEMA app");
        var restored = await PgSnapCli.Default.RunAsync(["restore", _archive, "--url", _server.UrlFor(target), "-t", "app.calls"]);
        output.WriteLine(restored.StdErr);
        Assert.True(restored.ExitCode == 0, restored.StdErr);
        Assert.Contains("pgsnap: warning: foreign key calls_client_id_fkey on app.calls skipped: it references app.clients, which is neither restored nor in the target", restored.StdErr, StringComparison.Ordinal);
        Assert.Equal(3L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM app.calls"));
        Assert.Equal(0L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"));

        // With the referenced table present, the key comes along; with both chosen, too.
        var present = await _server.CreateDatabaseAsync("selent_fk2");
        await _server.ExecuteAsync(present, "CREATE SCHEMA app; CREATE TABLE app.clients (id int PRIMARY KEY, name text); INSERT INTO app.clients VALUES (1, 'one'), (2, 'two')");
        var kept = await PgSnapCli.Default.RunAsync(["restore", _archive, "--url", _server.UrlFor(present), "-t", "app.calls"]);
        Assert.True(kept.ExitCode == 0, kept.StdErr);
        Assert.DoesNotContain("warning", kept.StdErr, StringComparison.Ordinal);
        Assert.Equal("calls_client_id_fkey", await _server.ScalarAsync<string>(present, "SELECT conname::text FROM pg_constraint WHERE contype = 'f'"));

        var both = await _server.CreateDatabaseAsync("selent_fk3");
        await _server.ExecuteAsync(both, "CREATE SCHEMA app");
        var together = await PgSnapCli.Default.RunAsync(["restore", _archive, "--url", _server.UrlFor(both), "-t", "app.calls", "-t", "app.clients"]);
        Assert.True(together.ExitCode == 0, together.StdErr);
        Assert.Equal("calls_client_id_fkey", await _server.ScalarAsync<string>(both, "SELECT conname::text FROM pg_constraint WHERE contype = 'f'"));
    }

    [Fact]
    public async Task Index_and_function_selection_restore_only_those_entries_and_an_unknown_one_is_exit_2_naming_it()
    {
        var target = await _server.CreateDatabaseAsync("selent_ip");
        await _server.ExecuteAsync(target, "CREATE SCHEMA app; CREATE TABLE app.calls (id int PRIMARY KEY, client_id int, note text)");

        var chosen = await PgSnapCli.Default.RunAsync(["restore", _archive, "--url", _server.UrlFor(target), "-I", "app.calls_note_idx", "-P", "app.add(a integer, b integer)"]);
        output.WriteLine(chosen.StdErr);
        Assert.True(chosen.ExitCode == 0, chosen.StdErr);
        Assert.Equal(1L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_indexes WHERE indexname = 'calls_note_idx'"));
        Assert.Equal("add(a integer, b integer)", await _server.ScalarAsync<string>(target,
            "SELECT string_agg(proname || '(' || pg_get_function_identity_arguments(oid) || ')', ', ') FROM pg_proc WHERE pronamespace = 'app'::regnamespace"));
        Assert.Equal(0L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM app.calls"));
        Assert.Null(await _server.ScalarAsync<string>(target, "SELECT to_regclass('app.clients')::text"));

        // -P with the name alone takes every overload; -l lists the entries as -I and -P name them.
        var list = System.Text.Encoding.UTF8.GetString((await PgSnapCli.Default.RunCheckedAsync(["restore", _archive, "-l", "-P", "add"])).StdOut);
        Assert.Contains("; FUNCTION app add(a integer, b integer) ", list, StringComparison.Ordinal);
        Assert.Contains("; FUNCTION app add(a text, b text) ", list, StringComparison.Ordinal);
        Assert.DoesNotContain("; TABLE ", list, StringComparison.Ordinal);

        // A -L file that is not a list is exit 2 with the line that is not an entry.
        var notList = RestoreFixture.TempFile("notlist.txt");
        await File.WriteAllLinesAsync(notList, ["; fine", "12; TABLE app calls postgres", "CREATE TABLE oops (v int);"]);
        var badList = await PgSnapCli.Default.RunAsync(["restore", _archive, "--url", _server.UrlFor(target), "-L", notList]);
        Assert.Equal(2, badList.ExitCode);
        Assert.Contains($"{notList}:3: not a list entry", badList.StdErr, StringComparison.Ordinal);
        File.Delete(notList);

        var unknown = await PgSnapCli.Default.RunAsync(["restore", _archive, "--url", _server.UrlFor(target), "-I", "app.nope_idx", "-P", "app.add(bigint)"]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("-I/-P name 2 entr(ies) the archive does not have: index app.nope_idx, function app.add(bigint)", unknown.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chosen_object_the_target_already_holds_is_refused_by_name_and_clean_replaces_only_it()
    {
        var target = await _server.CreateDatabaseAsync("selent_clash");
        await _server.ExecuteAsync(target, "CREATE SCHEMA app; CREATE TABLE app.clients (id int PRIMARY KEY, name text); INSERT INTO app.clients VALUES (1, 'one'), (2, 'two'); CREATE TABLE app.calls (id int, junk text); CREATE TABLE app.other (v int)");
        var refused = await PgSnapCli.Default.RunAsync(["restore", _archive, "--url", _server.UrlFor(target), "-t", "app.calls"]);
        Assert.Equal(6, refused.ExitCode);
        Assert.Contains("already holds 1 of the selected objects: table app.calls: pass --clean", refused.StdErr, StringComparison.Ordinal);

        var backups = GuardsKit.TempFolder("pgsnap-selent-");
        var cleaned = await PgSnapCli.Default.RunAsync(["restore", _archive, "--url", _server.UrlFor(target), "-t", "app.calls", "--clean", "--backup-dir", backups]);
        Assert.True(cleaned.ExitCode == 0, cleaned.StdErr);
        Assert.DoesNotContain("left in place", cleaned.StdErr, StringComparison.Ordinal);
        Assert.Equal(3L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM app.calls"));
        Assert.NotNull(await _server.ScalarAsync<string>(target, "SELECT to_regclass('app.other')::text"));
        Directory.Delete(backups, recursive: true);
    }
}
