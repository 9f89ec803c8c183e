using System.Text;
using PgSnap.Archive;
using PgSnap.Dump;
using PgSnap.Model;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>INSERT-mode output (values read and re-quoted), data-only options and large object content.</summary>
public sealed class InsertAndLargeObjectTests : IAsyncLifetime
{
    private const string Ddl = """
        CREATE TABLE public.things (id int PRIMARY KEY, t text, j jsonb, b bytea, f float8, arr text[], d date, total int GENERATED ALWAYS AS (id * 2) STORED);
        CREATE TABLE public.nocols ();
        CREATE TABLE public.audit (n int);
        CREATE FUNCTION public.audit_it() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO public.audit VALUES (NEW.id); RETURN NEW; END $$;
        CREATE TRIGGER things_audit AFTER INSERT ON public.things FOR EACH ROW EXECUTE FUNCTION public.audit_it();
        """;

    private TestServer _server = null!;
    private string _db = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.GetAsync();
        _db = await _server.CreateDatabaseAsync("inserts");
        await _server.ExecuteAsync(_db, Ddl + """
            INSERT INTO public.things (id, t, j, b, f, arr, d)
            SELECT g,
                   CASE g % 6 WHEN 0 THEN NULL WHEN 1 THEN E'it''s\ta\\b\nc' WHEN 2 THEN '' WHEN 3 THEN E'\\N' WHEN 4 THEN 'ünï ✓ ''q''' ELSE E'\r\x01\x7f' END,
                   jsonb_build_object('k', E'v\n"x"', 'n', g),
                   CASE WHEN g % 4 = 0 THEN NULL ELSE decode('00ff27' || lpad(to_hex(g), 4, '0'), 'hex') END,
                   CASE g % 3 WHEN 0 THEN 'NaN'::float8 WHEN 1 THEN -0.1 + g ELSE 1e300 END,
                   ARRAY['a b', NULL, E'q"\\'],
                   date '2000-01-01' + g
            FROM generate_series(1, 500) g;
            INSERT INTO public.nocols DEFAULT VALUES;
            INSERT INTO public.nocols DEFAULT VALUES;
            TRUNCATE public.audit;
            """);
        _dir = Directory.CreateTempSubdirectory("pgsnap-ins-").FullName;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(false, false, 1, false)]
    [InlineData(true, false, 1, false)]
    [InlineData(false, true, 7, false)]
    [InlineData(false, false, 100, true)]
    public async Task Insert_modes_restore_identical_rows(bool inserts, bool columnInserts, int rowsPerInsert, bool onConflict)
    {
        var options = new DumpOptions { Inserts = inserts || (!columnInserts && rowsPerInsert == 1), ColumnInserts = columnInserts, RowsPerInsert = rowsPerInsert, OnConflictDoNothing = onConflict };
        var path = Path.Combine(_dir, $"ins-{inserts}-{columnInserts}-{rowsPerInsert}-{onConflict}.sql");
        var summary = await DumpTestKit.DumpToFileAsync(_server, _db, path, DumpTestKit.PlanFrom(Ddl), options, blockSize: 8 * 1024);
        Assert.Equal(502, summary.Rows);
        var text = await File.ReadAllTextAsync(path);
        Assert.DoesNotContain("COPY public.things", text, StringComparison.Ordinal);
        Assert.Contains(columnInserts ? "INSERT INTO public.things (id, t, j, b, f, arr, d) VALUES" : "INSERT INTO public.things", text, StringComparison.Ordinal);
        Assert.Contains(onConflict ? "INSERT INTO public.nocols DEFAULT VALUES ON CONFLICT DO NOTHING;" : "INSERT INTO public.nocols DEFAULT VALUES;", text, StringComparison.Ordinal);
        if (onConflict)
        {
            Assert.Contains(" ON CONFLICT DO NOTHING;", text, StringComparison.Ordinal);
        }

        var restored = await DumpTestKit.RestoreWithPsqlAsync(_server, path);
        Assert.Equal(await DumpTestKit.TableFingerprintAsync(_server, _db, "public.things"), await DumpTestKit.TableFingerprintAsync(_server, restored, "public.things"));
        Assert.Equal(2L, await _server.ScalarAsync<long>(restored, "SELECT count(*) FROM public.nocols"));
        var archive = DumpTestKit.Read(path, ArchiveCompression.None);
        Assert.Equal(500, Assert.Single(archive.Manifest.Tables, t => t.Name == "things").Rows);
    }

    [Fact]
    public async Task Data_only_dump_with_disable_triggers_restores_without_firing_them()
    {
        var path = Path.Combine(_dir, "dataonly.sql");
        await DumpTestKit.DumpToFileAsync(_server, _db, path, DumpTestKit.PlanFrom("SELECT 1;\n"), new DumpOptions { DataOnly = true, DisableTriggers = true });
        var text = await File.ReadAllTextAsync(path);
        Assert.Contains("ALTER TABLE public.things DISABLE TRIGGER ALL;\nCOPY public.things", text, StringComparison.Ordinal);

        var target = await _server.CreateDatabaseAsync("dataonly");
        await _server.ExecuteAsync(target, Ddl);
        var result = await ProcessRunner.RunAsync(PostgresBinaries.Tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", target, "-f", path], _server.ToolEnvironment());
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(0L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM public.audit"));
        Assert.Equal(500L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM public.things"));
    }

    [Fact]
    public async Task Supabase_data_only_dump_sets_replica_role_in_the_header()
    {
        var path = Path.Combine(_dir, "supa.sql");
        await DumpTestKit.DumpToFileAsync(_server, _db, path, DumpTestKit.PlanFrom("SELECT 1;\n"), new DumpOptions { DataOnly = true, Profile = DumpProfile.Supabase });
        var archive = DumpTestKit.Read(path, ArchiveCompression.None);
        Assert.Contains("SET session_replication_role = replica;", Encoding.UTF8.GetString(archive.RawBlocks[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Large_object_content_is_dumped_in_chunks_and_restores()
    {
        var db = await _server.CreateDatabaseAsync("blobs");
        await _server.ExecuteAsync(db, """
            SELECT lo_from_bytea(424242, decode(repeat('00ff10', 200000), 'hex'));
            SELECT lo_from_bytea(424243, '\x');
            SELECT lo_from_bytea(424244, convert_to('hello', 'UTF8'));
            """);
        var metadata = new DdlEntry(DumpSection.PreData, "BLOB", null, "424242", "postgres",
            "SELECT pg_catalog.lo_create('424242');\nSELECT pg_catalog.lo_create('424243');\nSELECT pg_catalog.lo_create('424244');\n");
        var plan = DumpTestKit.PlanFrom("SELECT 1;\n");
        DumpPlanSource withBlobs = async (c, o, s, ct) =>
        {
            var p = await plan(c, o, s, ct);
            return p with { PreData = [.. p.PreData, metadata] };
        };
        var path = Path.Combine(_dir, "blobs.sql.gz");
        await DumpTestKit.DumpToFileAsync(_server, db, path, withBlobs, blockSize: 256 * 1024);
        var archive = DumpTestKit.Read(path, ArchiveCompression.Gzip);
        Assert.True(archive.Manifest.Blocks.Count(b => b.Kind == "BLOBS") >= 2, "a 600 kB object with 256 kB blocks should span blocks");

        var restored = await DumpTestKit.RestoreWithPsqlAsync(_server, path);
        foreach (var oid in new[] { 424242, 424243, 424244 })
        {
            Assert.Equal(
                await _server.ScalarAsync<string>(db, $"SELECT md5(lo_get({oid}))"),
                await _server.ScalarAsync<string>(restored, $"SELECT md5(lo_get({oid}))"));
        }

        var selective = Path.Combine(_dir, "blobs-t.sql");
        await DumpTestKit.DumpToFileAsync(_server, db, selective, withBlobs, new DumpOptions { IncludeTables = ["x"] });
        Assert.DoesNotContain("lowrite", await File.ReadAllTextAsync(selective), StringComparison.Ordinal);
    }
}
