using System.Text;
using PgSnap.Archive;
using PgSnap.Archive.Reading;
using PgSnap.Restore;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

public sealed class ParallelRestoreTests
{
    /// <param name="tables">Whether post-data blocks carry the manifest's "table" field (archives before it did not).</param>
    internal static TestArchiveBuilder SampleArchive(bool tables = false)
    {
        var b = new TestArchiveBuilder()
            .Add("pre-data", "SCHEMA", null, "shop", "CREATE SCHEMA shop;")
            .Add("pre-data", "TABLE", "shop", "clients", "CREATE TABLE shop.clients (id integer NOT NULL, name text);")
            .Add("pre-data", "TABLE", "shop", "orders", "CREATE TABLE shop.orders (id integer NOT NULL, client_id integer, note text);")
            .Add("pre-data", "FUNCTION", "shop", "label(integer)", "CREATE FUNCTION shop.label(x integer) RETURNS text LANGUAGE sql AS $$ SELECT 'n;' || x $$;");
        for (var chunk = 0; chunk < 4; chunk++)
        {
            var rows = new StringBuilder("COPY shop.clients (id, name) FROM stdin;\n");
            for (var i = chunk * 500; i < (chunk + 1) * 500; i++)
            {
                rows.Append(i).Append("\tclient\\t").Append(i).Append(" ; é\n");
            }

            b.Add("data", "TABLE DATA", "shop", "clients", rows.Append("\\.\n").ToString(), 500);
        }

        var orders = new StringBuilder("COPY shop.orders (id, client_id, note) FROM stdin;\n");
        for (var i = 0; i < 3000; i++)
        {
            orders.Append(i).Append('\t').Append(i % 2000).Append("\t\\N\n");
        }

        return b.Add("data", "TABLE DATA", "shop", "orders", orders.Append("\\.\n").ToString(), 3000)
            .Add("post-data", "CONSTRAINT", "shop", "clients clients_pkey", "ALTER TABLE ONLY shop.clients ADD CONSTRAINT clients_pkey PRIMARY KEY (id);", table: tables ? "clients" : null)
            .Add("post-data", "CONSTRAINT", "shop", "orders orders_pkey", "ALTER TABLE ONLY shop.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);", table: tables ? "orders" : null)
            .Add("post-data", "INDEX", "shop", "orders_client_idx", "CREATE INDEX orders_client_idx ON shop.orders USING btree (client_id);", table: tables ? "orders" : null)
            .Add("post-data", "FK CONSTRAINT", "shop", "orders orders_client_fk", "ALTER TABLE ONLY shop.orders ADD CONSTRAINT orders_client_fk FOREIGN KEY (client_id) REFERENCES shop.clients(id);", table: tables ? "orders" : null)
            .Add("post-data", "COMMENT", "shop", "TABLE clients", "COMMENT ON TABLE shop.clients IS 'who; buys';");
    }

    [Theory]
    [InlineData(ArchiveCompression.None)]
    [InlineData(ArchiveCompression.Gzip)]
    [InlineData(ArchiveCompression.Lz4)]
    [InlineData(ArchiveCompression.Zstd)]
    public async Task Parallel_restore_reaches_the_same_state_as_sequential_and_as_psql(ArchiveCompression compression)
    {
        var server = await TestServer.GetAsync();
        var file = RestoreFixture.TempFile("archive.sql");
        await File.WriteAllBytesAsync(file, SampleArchive().Build(compression));

        using (var index = await ArchiveIndex.TryOpenAsync(file, CancellationToken.None))
        {
            Assert.NotNull(index);
            Assert.Equal(15, index.Manifest.Blocks.Count);
        }

        var sequential = await server.CreateDatabaseAsync("rp_seq");
        var parallel = await server.CreateDatabaseAsync("rp_par");
        var viaPsql = await server.CreateDatabaseAsync("rp_psql");
        var seqSummary = await RestoreFixture.RestoreAsync(file, sequential);
        var parSummary = await RestoreFixture.RestoreAsync(file, parallel, new RestoreOptions { Jobs = 3 });
        var decompressed = compression switch
        {
            ArchiveCompression.Gzip => ("sh", new[] { "-c", $"gzip -dc < '{file}'" }),
            ArchiveCompression.Lz4 => ("sh", new[] { "-c", $"lz4 -dc < '{file}'" }),
            ArchiveCompression.Zstd => ("sh", new[] { "-c", $"zstd -q -dc < '{file}'" }),
            _ => ("cat", new[] { file }),
        };
        var text = await ProcessRunner.RunAsync(decompressed.Item1, decompressed.Item2);
        Assert.True(text.ExitCode == 0, text.StdErr);
        await RestoreFixture.PsqlAsync(viaPsql, text.StdOut);

        Assert.Equal(5000, seqSummary.Rows);
        Assert.Equal(5000, parSummary.Rows);
        Assert.Equal(3, parSummary.Jobs);
        var expectedSchema = await RestoreFixture.SchemaAsync(viaPsql);
        var expectedContent = await RestoreFixture.ContentAsync(viaPsql);
        Assert.Equal(expectedSchema, await RestoreFixture.SchemaAsync(sequential));
        Assert.Equal(expectedSchema, await RestoreFixture.SchemaAsync(parallel));
        Assert.Equal(expectedContent, await RestoreFixture.ContentAsync(sequential));
        Assert.Equal(expectedContent, await RestoreFixture.ContentAsync(parallel));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_jobs_give_the_sequential_state_with_and_without_the_manifests_table_field(bool tables)
    {
        var server = await TestServer.GetAsync();
        var file = RestoreFixture.TempFile("tables.sql.gz");
        await File.WriteAllBytesAsync(file, SampleArchive(tables).Build(ArchiveCompression.Gzip));
        var sequential = await server.CreateDatabaseAsync("rp_tseq");
        var parallel = await server.CreateDatabaseAsync("rp_tpar");

        await RestoreFixture.RestoreAsync(file, sequential);
        var summary = await RestoreFixture.RestoreAsync(file, parallel, new RestoreOptions { Jobs = 2 });

        Assert.Equal(5000, summary.Rows);
        Assert.Equal(await RestoreFixture.SchemaAsync(sequential), await RestoreFixture.SchemaAsync(parallel));
        Assert.Equal(await RestoreFixture.ContentAsync(sequential), await RestoreFixture.ContentAsync(parallel));
        File.Delete(file);
    }

    [Fact]
    public async Task Clean_drops_what_the_archive_creates_and_restores_it_again()
    {
        var server = await TestServer.GetAsync();
        var file = RestoreFixture.TempFile("clean.sql.gz");
        await File.WriteAllBytesAsync(file, SampleArchive().Build(ArchiveCompression.Gzip));
        var target = await server.CreateDatabaseAsync("rp_clean");
        await RestoreFixture.RestoreAsync(file, target);
        await server.ExecuteAsync(target, "INSERT INTO shop.clients VALUES (99999, 'extra')");

        await RestoreFixture.RestoreAsync(file, target, new RestoreOptions { Clean = true, SingleTransaction = true });

        Assert.Equal(2000L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM shop.clients"));
    }

    [Theory]
    [InlineData(ArchiveCompression.None)]
    [InlineData(ArchiveCompression.Gzip)]
    [InlineData(ArchiveCompression.Lz4)]
    [InlineData(ArchiveCompression.Zstd)]
    public async Task An_archive_without_its_completion_marker_is_refused_and_nothing_is_committed_with_single_transaction(ArchiveCompression compression)
    {
        var server = await TestServer.GetAsync();
        var file = RestoreFixture.TempFile("incomplete.sql");
        await File.WriteAllBytesAsync(file, SampleArchive().Build(compression, complete: false));
        var target = await server.CreateDatabaseAsync("rp_inc");

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(file, target, new RestoreOptions { SingleTransaction = true }));

        Assert.Equal(PgSnapErrorKind.Corrupt, ex.Kind);
        Assert.Contains("completion marker", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_namespace WHERE nspname = 'shop'"));
    }

    [Theory]
    [InlineData(ArchiveCompression.Gzip)]
    [InlineData(ArchiveCompression.Lz4)]
    [InlineData(ArchiveCompression.Zstd)]
    public async Task A_truncated_compressed_archive_fails_with_nothing_committed(ArchiveCompression compression)
    {
        var server = await TestServer.GetAsync();
        var bytes = SampleArchive().Build(compression);
        var file = RestoreFixture.TempFile("cut.sql");
        await File.WriteAllBytesAsync(file, bytes[..(bytes.Length * 2 / 3)]);
        var target = await server.CreateDatabaseAsync("rp_cut");

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(file, target, new RestoreOptions { SingleTransaction = true }));

        Assert.Equal(PgSnapErrorKind.Corrupt, ex.Kind);
        Assert.Matches(compression is ArchiveCompression.Lz4 or ArchiveCompression.Zstd ? "compressed byte offset [0-9]+" : "line [0-9]+|completion marker", ex.Message);
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_namespace WHERE nspname = 'shop'"));
    }

    [Fact]
    public async Task A_corrupt_gzip_member_names_its_byte_offset()
    {
        var server = await TestServer.GetAsync();
        var bytes = SampleArchive().Build(ArchiveCompression.Gzip);
        for (var i = 200; i < 260; i++)
        {
            bytes[i] ^= 0x5A;
        }

        var file = RestoreFixture.TempFile("bad.sql.gz");
        await File.WriteAllBytesAsync(file, bytes);
        var target = await server.CreateDatabaseAsync("rp_bad");

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(file, target, new RestoreOptions { SingleTransaction = true }));

        Assert.Equal(PgSnapErrorKind.Corrupt, ex.Kind);
        Assert.Contains("compressed byte offset", ex.Message, StringComparison.Ordinal);
    }
}
