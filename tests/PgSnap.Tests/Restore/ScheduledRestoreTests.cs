using PgSnap.Archive.Reading;
using PgSnap.Catalog;
using PgSnap.Connection;
using PgSnap.Dump;
using PgSnap.Restore;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

/// <summary>
/// restore -j 2 of a real dump whose tables are split into many blocks, with the indexes, constraints, foreign keys,
/// triggers and policies that the manifest ties to their tables: same end state as -j 1.
/// </summary>
public sealed class ScheduledRestoreTests
{
    private const string SourceSql = """
        CREATE SCHEMA shop;
        CREATE TABLE shop.clients (id int PRIMARY KEY, email text NOT NULL UNIQUE, name text);
        CREATE TABLE shop.orders (id bigint PRIMARY KEY, client_id int NOT NULL REFERENCES shop.clients(id), total numeric(12,2), note text);
        CREATE TABLE shop.lines (order_id bigint REFERENCES shop.orders(id), n int, sku text, PRIMARY KEY (order_id, n));
        CREATE TABLE shop.audit (at timestamptz DEFAULT now(), what text);
        CREATE TABLE shop.empty (id int PRIMARY KEY, v text);
        CREATE INDEX orders_client_idx ON shop.orders (client_id);
        CREATE INDEX orders_total_idx ON shop.orders (total) WHERE total > 100;
        CREATE INDEX lines_sku_idx ON shop.lines (lower(sku));
        CREATE INDEX empty_v_idx ON shop.empty (v);
        ALTER TABLE shop.orders ADD CONSTRAINT orders_note_excl EXCLUDE USING btree (id WITH =);
        CREATE FUNCTION shop.log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO shop.audit (what) VALUES (TG_OP); RETURN NEW; END $$;
        ALTER TABLE shop.clients ENABLE ROW LEVEL SECURITY;
        CREATE POLICY clients_own ON shop.clients USING (name IS NOT NULL);
        INSERT INTO shop.clients SELECT g, 'c' || g || '@x.test', repeat('n', g % 40) FROM generate_series(1, 3000) g;
        INSERT INTO shop.orders SELECT g, 1 + g % 3000, (g % 500) * 1.25, repeat('note ', g % 30) FROM generate_series(1, 12000) g;
        INSERT INTO shop.lines SELECT 1 + g % 12000, g, 'SKU-' || (g % 977) FROM generate_series(1, 20000) g;
        CREATE TRIGGER orders_log AFTER INSERT ON shop.orders FOR EACH ROW EXECUTE FUNCTION shop.log();
        """;

    [Fact]
    public async Task Parallel_restore_of_a_dump_with_split_tables_indexes_constraints_and_foreign_keys_equals_the_sequential_one()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("rs_src");
        await server.ExecuteAsync(source, SourceSql);
        var file = RestoreFixture.TempFile("scheduled.sql.lz4");
        var job = new DumpJob(ConnectionStringParser.Parse(server.UrlFor(source)), new DumpOptions(), DumpOutput.ToFile(file, null, force: false), DumpPlanner.PlanAsync)
        {
            BlockSize = 32 * 1024,
            SplitThresholdBytes = 32 * 1024,
        };
        await job.RunAsync(CancellationToken.None);

        using (var index = await ArchiveIndex.TryOpenAsync(file, CancellationToken.None))
        {
            Assert.NotNull(index);
            var blocks = index.Manifest.Blocks;
            Assert.True(blocks.Count(b => b is { Kind: "TABLE DATA", Name: "orders" }) > 3, "orders should be split into several blocks");
            Assert.True(blocks.Count(b => b is { Kind: "TABLE DATA", Name: "lines" }) > 3, "lines should be split into several blocks");
            foreach (var block in blocks.Where(b => b.Kind is "INDEX" or "CONSTRAINT" or "FK CONSTRAINT" or "TRIGGER" or "POLICY" or "ROW SECURITY"))
            {
                Assert.True(block.Table is { Schema: "shop" }, $"block {block.Id} ({block.Kind} {block.Name}) has no table");
            }

            Assert.Equal("orders", blocks.Single(b => b.Kind == "INDEX" && b.Name == "orders_client_idx").Table!.Name);
            Assert.Equal("lines", blocks.Single(b => b.Kind == "FK CONSTRAINT" && b.Name!.StartsWith("lines ", StringComparison.Ordinal)).Table!.Name);
            Assert.All(blocks.Where(b => b.Section is "pre-data" or "data"), b => Assert.Null(b.Table));
        }

        var sequential = await server.CreateDatabaseAsync("rs_seq");
        var parallel = await server.CreateDatabaseAsync("rs_par");
        var seq = await RestoreFixture.RestoreAsync(file, sequential);
        var par = await RestoreFixture.RestoreAsync(file, parallel, new RestoreOptions { Jobs = 2 });

        Assert.Equal(35000, seq.Rows);
        Assert.Equal(35000, par.Rows);
        Assert.Equal(2, par.Jobs);
        Assert.Equal(await RestoreFixture.SchemaAsync(source), await RestoreFixture.SchemaAsync(sequential));
        Assert.Equal(await RestoreFixture.SchemaAsync(sequential), await RestoreFixture.SchemaAsync(parallel));
        var content = await RestoreFixture.ContentAsync(sequential);
        Assert.Equal(await RestoreFixture.ContentAsync(source), content);
        Assert.Equal(content, await RestoreFixture.ContentAsync(parallel));
        // The trigger exists after the restore but did not fire during it (it is created after the data).
        Assert.Equal(0L, await server.ScalarAsync<long>(parallel, "SELECT count(*) FROM shop.audit"));
        foreach (var db in new[] { source, sequential, parallel })
        {
            await server.DropDatabaseAsync(db);
        }

        File.Delete(file);
    }
}
