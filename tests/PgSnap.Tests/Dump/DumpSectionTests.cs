using PgSnap.Archive;
using PgSnap.Archive.Compression;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.Schema;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>
/// <c>pgsnap dump --section</c> as pg_dump's: pre-data, data and post-data dumped to three archives restore, one after
/// the other, to the source database (with psql and with pgsnap restore); data alone is what -a writes, pre-data with
/// post-data what -s writes.
/// </summary>
public sealed class DumpSectionTests : IAsyncLifetime
{
    private const string Setup = """
        CREATE TABLE public.clients (id serial PRIMARY KEY, name text NOT NULL CHECK (name <> ''));
        CREATE TABLE public.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, client_id int REFERENCES public.clients, total numeric);
        CREATE INDEX orders_total ON public.orders (total);
        CREATE VIEW public.big_orders AS SELECT * FROM public.orders WHERE total > 100;
        CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
        CREATE TRIGGER orders_touch BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch();
        CREATE SEQUENCE public.tickets START 5;
        INSERT INTO public.clients (name) SELECT 'c' || g FROM generate_series(1, 20) g;
        INSERT INTO public.orders (client_id, total) SELECT 1 + g % 20, g FROM generate_series(1, 300) g;
        SELECT setval('public.tickets', 42);
        """;

    private TestServer _server = null!;
    private string _db = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.GetAsync();
        _db = await _server.CreateDatabaseAsync("dumpsect");
        await SchemaRoundTrip.RunPsqlAsync(_server, _db, Setup);
        _dir = Directory.CreateTempSubdirectory("pgsnap-section-").FullName;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<string> DumpAsync(string name, params string[] options)
    {
        var path = Path.Combine(_dir, name + ".sql");
        var result = await PgSnapCli.Default.RunAsync(["dump", "--url", _server.UrlFor(_db), "-f", path, "-q", .. options]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        return path;
    }

    /// <summary>The archive's blocks as (section, kind, name), header left out.</summary>
    private static List<string> Blocks(string path) =>
        [.. DumpTestKit.Read(path, ArchiveCompression.None).Manifest.Blocks
            .Where(b => b.Section != ArchiveFormat.Sections.Header)
            .Select(b => $"{b.Section} {b.Kind} {b.Schema}.{b.Name} {b.Chunk}")];

    [Fact]
    public async Task Sections_dumped_apart_restore_one_after_the_other_and_match_schema_only_and_data_only()
    {
        var pre = await DumpAsync("pre", "--section", "pre-data");
        var data = await DumpAsync("data", "--section", "data");
        var post = await DumpAsync("post", "--section", "post-data");

        Assert.All(Blocks(pre), b => Assert.StartsWith("pre-data ", b, StringComparison.Ordinal));
        Assert.All(Blocks(post), b => Assert.StartsWith("post-data ", b, StringComparison.Ordinal));
        Assert.Contains(Blocks(pre), b => b.StartsWith("pre-data TABLE public.orders", StringComparison.Ordinal));
        Assert.Contains(Blocks(post), b => b.StartsWith("post-data INDEX public.orders_total", StringComparison.Ordinal));
        Assert.Contains(Blocks(post), b => b.StartsWith("post-data TRIGGER", StringComparison.Ordinal));
        Assert.Contains(Blocks(data), b => b.StartsWith("data SEQUENCE SET public.tickets", StringComparison.Ordinal));
        Assert.Equal(Blocks(await DumpAsync("a", "-a")), Blocks(data));
        Assert.Equal(Blocks(await DumpAsync("s", "-s")), Blocks(await DumpAsync("prepost", "--section", "pre-data", "--section", "post-data")));

        // psql -f, in section order, gives back the source.
        var viaPsql = await _server.CreateDatabaseAsync("dumpsect_psql");
        foreach (var path in new[] { pre, data, post })
        {
            await SchemaRoundTrip.RunPsqlAsync(_server, viaPsql, await File.ReadAllTextAsync(path));
        }

        await AssertSameAsSourceAsync(viaPsql);

        // pgsnap verifies each archive and restores them in the same order (the post-data archive goes into a
        // database that holds the tables: --force, as for any archive restored over existing objects).
        var viaPgsnap = await _server.CreateDatabaseAsync("dumpsect_pgsnap");
        foreach (var path in new[] { pre, data, post })
        {
            await PgSnapCli.Default.RunCheckedAsync(["verify", path]);
            var restored = await PgSnapCli.Default.RunAsync(["restore", path, "--url", _server.UrlFor(viaPgsnap), "-q", .. path == post ? new[] { "--force" } : []]);
            Assert.True(restored.ExitCode == 0, restored.StdErr);
        }

        await AssertSameAsSourceAsync(viaPgsnap);
    }

    [Fact]
    public async Task A_section_that_schema_only_or_data_only_excludes_is_refused_and_an_unknown_one_named()
    {
        var clash = await PgSnapCli.Default.RunAsync(["dump", "--url", _server.UrlFor(_db), "-s", "--section", "data", "-f", Path.Combine(_dir, "x.sql")]);
        Assert.Equal(2, clash.ExitCode);
        Assert.Contains("--section data with -s/--schema-only leaves nothing to dump", clash.StdErr, StringComparison.Ordinal);
        var unknown = await PgSnapCli.Default.RunAsync(["dump", "--url", _server.UrlFor(_db), "--section", "indexes", "-f", Path.Combine(_dir, "y.sql")]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown --section \"indexes\": use pre-data, data or post-data", unknown.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sequence_data_writes_sequence_values_in_a_dump_without_data_as_pg_dump_18()
    {
        var withValues = await DumpAsync("s_seq", "-s", "--sequence-data");
        var sequenceSets = Blocks(withValues).Where(b => b.StartsWith("data SEQUENCE SET", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, sequenceSets.Count);
        Assert.DoesNotContain(Blocks(withValues), b => b.StartsWith("data TABLE DATA", StringComparison.Ordinal));
        Assert.DoesNotContain(Blocks(await DumpAsync("s_plain", "--no-data")), b => b.Contains("SEQUENCE SET", StringComparison.Ordinal));
        Assert.DoesNotContain(Blocks(await DumpAsync("prepost_seq", "--section", "pre-data", "--section", "post-data", "--sequence-data")), b => b.Contains("SEQUENCE SET", StringComparison.Ordinal));

        var target = await DumpTestKit.RestoreWithPsqlAsync(_server, withValues, "dumpsect_seq");
        Assert.Equal(42L, await _server.ScalarAsync<long>(target, "SELECT last_value FROM public.tickets"));
        Assert.Equal(20L, await _server.ScalarAsync<long>(target, "SELECT last_value FROM public.clients_id_seq"));
        Assert.Equal(0L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM public.clients"));
    }

    private async Task AssertSameAsSourceAsync(string target)
    {
        Assert.Equal(await SchemaRoundTrip.SchemaDumpAsync(_server, _db), await SchemaRoundTrip.SchemaDumpAsync(_server, target));
        foreach (var table in new[] { "public.clients", "public.orders" })
        {
            Assert.Equal(await DumpTestKit.TableFingerprintAsync(_server, _db, table), await DumpTestKit.TableFingerprintAsync(_server, target, table));
        }

        Assert.Equal(42L, await _server.ScalarAsync<long>(target, "SELECT last_value FROM public.tickets"));
    }
}
