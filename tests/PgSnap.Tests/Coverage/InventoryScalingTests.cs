using System.Text.Json;
using Npgsql;
using PgSnap.Catalog.Coverage;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Coverage;

/// <summary>
/// The coverage inventory on a database of many tables (README, "5,000 tables"). Its relation rows once found the
/// table owning a TOAST table or TOAST index through joins whose key was NULL for every other relation: the server
/// hashed those rows into one batch it could never split, and kept doubling its batches (4 → 262,144 at 50,000
/// tables: one query of 62 s in a 200 s dump). With a small work_mem the same happens at 1,500 tables, which a
/// test can afford; the plan then shows it as batches beyond the ones planned.
/// </summary>
public sealed class InventoryScalingTests
{
    [Fact]
    public async Task The_inventory_query_never_grows_a_hash_join_beyond_its_planned_batches_on_1500_tables_with_toast()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("inv_scale");
        try
        {
            await server.ExecuteAsync(db, """
                DO $$ BEGIN FOR i IN 1..1500 LOOP
                  EXECUTE format('CREATE TABLE public.t%s (id int PRIMARY KEY, name text)', i);
                END LOOP; END $$;
                ANALYZE pg_catalog.pg_class;
                ANALYZE pg_catalog.pg_index;
                """);
            await using var conn = new NpgsqlConnection(server.ConnectionStringFor(db));
            await conn.OpenAsync();
            var version = conn.PostgreSqlVersion;
            await using (var settings = new NpgsqlCommand("SET jit = off; SET work_mem = '64kB'", conn))
            {
                await settings.ExecuteNonQueryAsync();
            }

            await using var explain = new NpgsqlCommand(
                "EXPLAIN (ANALYZE, FORMAT JSON) " + InventoryReader.ObjectsSql((version.Major * 10000) + Math.Max(0, version.Minor)), conn);
            var plan = (string)(await explain.ExecuteScalarAsync())!;

            var hashes = new List<(int Planned, int Used)>();
            Collect(JsonDocument.Parse(plan).RootElement[0].GetProperty("Plan"), hashes);
            Assert.NotEmpty(hashes);
            Assert.All(hashes, h => Assert.True(h.Used <= h.Planned, $"a hash grew from {h.Planned} to {h.Used} batches: {string.Join(", ", hashes)}"));
        }
        finally
        {
            await server.DropDatabaseAsync(db);
        }
    }

    private static void Collect(JsonElement node, List<(int Planned, int Used)> hashes)
    {
        if (node.TryGetProperty("Original Hash Batches", out var planned) && node.TryGetProperty("Hash Batches", out var used))
        {
            hashes.Add((planned.GetInt32(), used.GetInt32()));
        }

        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Collect(child, hashes);
            }
        }
    }
}
