using System.Text;
using PgSnap.Archive;
using PgSnap.Archive.Compression;
using PgSnap.Dump;
using PgSnap.Model;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>Dumps of real tables: round trips through psql, block structure, manifest and footer.</summary>
public sealed class DataDumpTests : IAsyncLifetime
{
    private const string Ddl = """"
        CREATE TABLE public.items (id int PRIMARY KEY, label text, payload jsonb, blob bytea, at timestamptz, amount numeric);
        CREATE TABLE public.empty_one (id int);
        CREATE TABLE public."Odd Name" ("Col ""quoted""" text, n int);
        """";

    private const string Seed = """
        INSERT INTO public.items
        SELECT g, CASE WHEN g % 17 = 0 THEN NULL ELSE 'row ' || g || E'\ttab\nnewline\\backslash ''quote'' é ✓' END,
               jsonb_build_object('g', g, 's', repeat('x', g % 50)),
               CASE WHEN g % 5 = 0 THEN NULL ELSE decode(md5(g::text), 'hex') END,
               timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute',
               g * 1.5
        FROM generate_series(1, 3000) g;
        INSERT INTO public."Odd Name" VALUES (E'a\\b', 1), (NULL, 2), ('', 3), (E'\\N', 4);
        ANALYZE;
        """;

    private TestServer _server = null!;
    private string _db = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.GetAsync();
        _db = await _server.CreateDatabaseAsync("datadump");
        await _server.ExecuteAsync(_db, Ddl + Seed);
        _dir = Directory.CreateTempSubdirectory("pgsnap-data-").FullName;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("plain.sql")]
    [InlineData("packed.sql.gz")]
    [InlineData("packed.sql.lz4")]
    [InlineData("packed.sql.zst")]
    public async Task Dump_restores_with_psql_to_identical_rows(string fileName)
    {
        var path = Path.Combine(_dir, fileName);
        var summary = await DumpTestKit.DumpToFileAsync(_server, _db, path, DumpTestKit.PlanFrom(Ddl), blockSize: 16 * 1024);
        Assert.Equal(3004, summary.Rows);
        Assert.True(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));

        var restored = await DumpTestKit.RestoreWithPsqlAsync(_server, path);
        foreach (var table in new[] { "public.items", "public.empty_one", "public.\"Odd Name\"" })
        {
            Assert.Equal(await DumpTestKit.TableFingerprintAsync(_server, _db, table), await DumpTestKit.TableFingerprintAsync(_server, restored, table));
        }
    }

    [Theory]
    [InlineData(ArchiveCompression.None, "a.sql")]
    [InlineData(ArchiveCompression.Gzip, "a.sql.gz")]
    [InlineData(ArchiveCompression.Lz4, "a.sql.lz4")]
    [InlineData(ArchiveCompression.Zstd, "a.sql.zst")]
    public async Task Manifest_offsets_checksums_and_row_counts_match_the_blocks(ArchiveCompression compression, string fileName)
    {
        var path = Path.Combine(_dir, fileName);
        await DumpTestKit.DumpToFileAsync(_server, _db, path, DumpTestKit.PlanFrom(Ddl), blockSize: 16 * 1024);
        var archive = DumpTestKit.Read(path, compression);

        Assert.Equal("header", archive.Manifest.Blocks[0].Section);
        Assert.StartsWith("-- pgsnap archive v1\n-- pgsnap:header {", Encoding.UTF8.GetString(archive.RawBlocks[0]), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(archive.Manifest.Snapshot));
        for (var i = 0; i < archive.Manifest.Blocks.Count; i++)
        {
            var record = archive.Manifest.Blocks[i];
            Assert.Equal(i, record.Id);
            var text = Encoding.UTF8.GetString(archive.RawBlocks[i]);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            if (i > 0)
            {
                Assert.StartsWith($"-- pgsnap:block {{\"id\":{i},", text, StringComparison.Ordinal);
            }

            if (record.Kind == "TABLE DATA")
            {
                var lines = text.Split('\n');
                Assert.StartsWith("COPY ", lines[1], StringComparison.Ordinal);
                var end = Array.IndexOf(lines, "\\.");
                Assert.True(end > 1, "block has no end of COPY");
                Assert.Equal(record.Rows, end - 2);
            }
        }

        var items = Assert.Single(archive.Manifest.Tables, t => t.Name == "items");
        Assert.Equal(3000, items.Rows);
        Assert.True(items.Blocks > 3, $"16 KiB blocks should split items, got {items.Blocks}");
        var empty = Assert.Single(archive.Manifest.Tables, t => t.Name == "empty_one");
        Assert.Equal(0, empty.Rows);
        Assert.Equal(1, empty.Blocks);
    }

    [Fact]
    public async Task Data_blocks_together_hold_exactly_the_servers_copy_bytes()
    {
        var path = Path.Combine(_dir, "exact.sql");
        await DumpTestKit.DumpToFileAsync(_server, _db, path, DumpTestKit.PlanFrom(Ddl), blockSize: 8 * 1024);
        var archive = DumpTestKit.Read(path, ArchiveCompression.None);
        var rows = new MemoryStream();
        for (var i = 0; i < archive.Manifest.Blocks.Count; i++)
        {
            var record = archive.Manifest.Blocks[i];
            if (record is { Kind: "TABLE DATA", Name: "items" })
            {
                var block = archive.RawBlocks[i];
                var start = IndexAfterLine(block, 0);
                start = IndexAfterLine(block, start);
                var end = block.AsSpan().IndexOf("\\.\n"u8);
                Assert.True(end == block.Length - 4 || block.AsSpan(end).StartsWith("\\.\n\n"u8));
                rows.Write(block, start, end - start);
            }
        }

        var oracle = await DumpTestKit.ServerCopyAsync(_server, _db,
            "SET DateStyle = ISO; SET extra_float_digits = 3; COPY public.items (id, label, payload, blob, at, amount) TO STDOUT");
        Assert.Equal(oracle, rows.ToArray());
    }

    [Fact]
    public async Task Existing_file_is_refused_without_force_and_left_untouched()
    {
        var path = Path.Combine(_dir, "exists.sql");
        await File.WriteAllTextAsync(path, "older backup");
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => DumpTestKit.DumpToFileAsync(_server, _db, path, DumpTestKit.PlanFrom(Ddl)));
        Assert.Equal(PgSnapErrorKind.Refused, ex.Kind);
        Assert.Equal("older backup", await File.ReadAllTextAsync(path));

        await DumpTestKit.DumpToFileAsync(_server, _db, path, DumpTestKit.PlanFrom(Ddl), force: true);
        Assert.StartsWith("-- pgsnap archive v1", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_only_dump_has_no_data_blocks()
    {
        var path = Path.Combine(_dir, "schema.sql");
        await DumpTestKit.DumpToFileAsync(_server, _db, path, DumpTestKit.PlanFrom(Ddl), new DumpOptions { SchemaOnly = true });
        var archive = DumpTestKit.Read(path, ArchiveCompression.None);
        Assert.DoesNotContain(archive.Manifest.Blocks, b => b.Section == "data");
        Assert.Empty(archive.Manifest.Tables);
    }

    [Fact]
    public async Task Sequence_values_from_the_plan_land_in_the_data_section()
    {
        await _server.ExecuteAsync(_db, "CREATE SEQUENCE IF NOT EXISTS public.counter; SELECT setval('public.counter', 42);");
        var ddl = Ddl + "\nCREATE SEQUENCE public.counter;\n";
        var setval = new DdlEntry(DumpSection.Data, "SEQUENCE SET", "public", "counter", "postgres", "SELECT pg_catalog.setval('public.counter', 42, true);\n");
        var path = Path.Combine(_dir, "seq.sql.gz");
        await DumpTestKit.DumpToFileAsync(_server, _db, path, DumpTestKit.PlanFrom(ddl, [setval]));
        var restored = await DumpTestKit.RestoreWithPsqlAsync(_server, path);
        Assert.Equal(43L, await _server.ScalarAsync<long>(restored, "SELECT nextval('public.counter')"));
        var archive = DumpTestKit.Read(path, ArchiveCompression.Gzip);
        Assert.Contains(archive.Manifest.Blocks, b => b is { Section: "data", Kind: "SEQUENCE SET", Name: "counter" });
    }

    [Fact]
    public async Task Npgsql_and_wire_sessions_produce_the_same_data_blocks()
    {
        var wire = Path.Combine(_dir, "wire.sql");
        var npgsql = Path.Combine(_dir, "npgsql.sql");
        var spec = DumpTestKit.Spec(_server, _db);
        await using var dataSource = PgSnap.Connection.DataSourceFactory.Create(spec);
        await DumpTestKit.DumpToFileAsync(_server, _db, wire, DumpTestKit.PlanFrom(Ddl), blockSize: 16 * 1024, sessions: new PgSnap.Data.Wire.WireCopyOutSessionFactory(spec));
        await DumpTestKit.DumpToFileAsync(_server, _db, npgsql, DumpTestKit.PlanFrom(Ddl), blockSize: 16 * 1024, sessions: new PgSnap.Data.NpgsqlCopyOutSessionFactory(dataSource, spec));
        var a = DumpTestKit.Read(wire, ArchiveCompression.None);
        var b = DumpTestKit.Read(npgsql, ArchiveCompression.None);
        Assert.Equal(a.RawBlocks.Count, b.RawBlocks.Count);
        for (var i = 1; i < a.RawBlocks.Count; i++)
        {
            Assert.Equal(a.RawBlocks[i], b.RawBlocks[i]);
        }
    }

    private static int IndexAfterLine(byte[] block, int start) => start + block.AsSpan(start).IndexOf((byte)'\n') + 1;
}
