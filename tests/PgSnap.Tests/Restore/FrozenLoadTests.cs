using System.Globalization;
using System.Text;
using PgSnap.Archive;
using PgSnap.Restore;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

/// <summary>
/// The first load of a big table this restore created runs as BEGIN; TRUNCATE ONLY; COPY … FREEZE; COMMIT
/// (Restore/Execution/FrozenLoads.cs): its pages come out all-visible, and never at the cost of a row. ANALYZE
/// copies the visibility map's count into pg_class.relallvisible, which is how these tests see a frozen load
/// (PostgreSQL 14+ sets the map during COPY FREEZE).
/// </summary>
public sealed class FrozenLoadTests
{
    /// <summary>Rows per block: 3 blocks of ~450 KB make the big table heavier than the 1 MiB threshold.</summary>
    private const int RowsPerBlock = 6000;

    /// <summary>
    /// Autovacuum off for the tables these tests look at: an insert-triggered VACUUM of a plain load would set the
    /// same visibility bits a frozen load sets, whenever it happens to run.
    /// </summary>
    private const string NoAutovacuum = " WITH (autovacuum_enabled = false);";

    private static string BigRows(int block, string table = "big")
    {
        var rows = new StringBuilder($"COPY public.{table} (id, body) FROM stdin;\n");
        for (var i = 0; i < RowsPerBlock; i++)
        {
            var id = (block * RowsPerBlock) + i;
            rows.Append(id.ToString(CultureInfo.InvariantCulture)).Append('\t').Append('x', 60).Append(" \\t é\n");
        }

        return rows.Append("\\.\n").ToString();
    }

    /// <summary>
    /// big in three blocks, the third after small's block (as a parallel dump may write them), so that the
    /// second load of big must not truncate what the first loaded; twin in four blocks, more than half of all rows.
    /// <paramref name="preData"/> replaces big's DDL.
    /// </summary>
    private static byte[] Archive(string preData = "CREATE TABLE public.big (id integer NOT NULL, body text)" + NoAutovacuum)
    {
        return new TestArchiveBuilder()
            .Add("pre-data", "TABLE", "public", "big", preData)
            .Add("pre-data", "TABLE", "public", "small", "CREATE TABLE public.small (id integer)" + NoAutovacuum)
            .Add("pre-data", "TABLE", "public", "twin", "CREATE TABLE public.twin (id integer NOT NULL, body text)" + NoAutovacuum)
            .Add("data", "TABLE DATA", "public", "big", BigRows(0), RowsPerBlock)
            .Add("data", "TABLE DATA", "public", "big", BigRows(1), RowsPerBlock)
            .Add("data", "TABLE DATA", "public", "small", "COPY public.small (id) FROM stdin;\n1\n2\n\\.\n", 2)
            .Add("data", "TABLE DATA", "public", "big", BigRows(2), RowsPerBlock)
            .Add("data", "TABLE DATA", "public", "twin", BigRows(0, "twin"), RowsPerBlock)
            .Add("data", "TABLE DATA", "public", "twin", BigRows(1, "twin"), RowsPerBlock)
            .Add("data", "TABLE DATA", "public", "twin", BigRows(2, "twin"), RowsPerBlock)
            .Add("data", "TABLE DATA", "public", "twin", BigRows(3, "twin"), RowsPerBlock)
            .Add("post-data", "CONSTRAINT", "public", "big big_pkey", "ALTER TABLE ONLY public.big ADD CONSTRAINT big_pkey PRIMARY KEY (id);", table: "big")
            .Build(ArchiveCompression.None);
    }

    /// <summary>relallvisible and relpages of <paramref name="table"/> after ANALYZE.</summary>
    private static async Task<(int Visible, int Pages)> VisibilityAsync(TestServer server, string database, string table)
    {
        await server.ExecuteAsync(database, $"ANALYZE {table}");
        var visible = await server.ScalarAsync<int>(database, $"SELECT relallvisible FROM pg_class WHERE oid = '{table}'::regclass");
        var pages = await server.ScalarAsync<int>(database, $"SELECT relpages FROM pg_class WHERE oid = '{table}'::regclass");
        return (visible, pages);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_big_table_loads_frozen_with_every_row_and_a_small_one_plainly(int jobs)
    {
        var server = await TestServer.GetAsync();
        var file = RestoreFixture.TempFile("frozen.sql");
        var bytes = Archive();
        await File.WriteAllBytesAsync(file, bytes);
        var restored = await server.CreateDatabaseAsync("fz_ok");
        var viaPsql = await server.CreateDatabaseAsync("fz_psql");
        await RestoreFixture.PsqlAsync(viaPsql, Encoding.UTF8.GetString(bytes));

        var summary = await RestoreFixture.RestoreAsync(file, restored, new RestoreOptions { Jobs = jobs });

        Assert.Equal((7 * RowsPerBlock) + 2, summary.Rows);
        Assert.Equal(await RestoreFixture.ContentAsync(viaPsql), await RestoreFixture.ContentAsync(restored));
        Assert.Equal(3L * RowsPerBlock, await server.ScalarAsync<long>(restored, "SELECT count(DISTINCT id) FROM public.big"));
        if (server.Major >= 14)
        {
            var (visible, pages) = await VisibilityAsync(server, restored, "public.big");
            // The first two blocks went in frozen (one COPY), the third after small's block plainly: most pages are
            // all-visible, and the plain load of psql leaves none.
            Assert.InRange(visible, (pages * 6 / 10) - 1, pages);
            Assert.Equal(0, (await VisibilityAsync(server, viaPsql, "public.big")).Visible);
            Assert.Equal(0, (await VisibilityAsync(server, restored, "public.small")).Visible);
            // With -j 2, twin (more than half of the rows) is left for both connections to load, plainly.
            var twin = await VisibilityAsync(server, restored, "public.twin");
            Assert.Equal(jobs == 1 ? twin.Pages : 0, twin.Visible);
        }

        await server.DropDatabaseAsync(restored);
        await server.DropDatabaseAsync(viaPsql);
        File.Delete(file);
    }

    [Fact]
    public async Task A_table_the_server_will_not_truncate_loads_plainly_with_every_row()
    {
        // A foreign key that references big from the pre-data makes TRUNCATE ONLY big fail: the loader rolls its
        // own transaction back and loads plainly.
        var server = await TestServer.GetAsync();
        var file = RestoreFixture.TempFile("frozen-fallback.sql");
        await File.WriteAllBytesAsync(file, Archive(
            "CREATE TABLE public.big (id integer NOT NULL UNIQUE, body text)" + NoAutovacuum + " CREATE TABLE public.refs (big_id integer REFERENCES public.big (id));"));
        var restored = await server.CreateDatabaseAsync("fz_fallback");

        var summary = await RestoreFixture.RestoreAsync(file, restored, new RestoreOptions { Jobs = 1, NoSingleTransaction = true });

        Assert.Equal((7 * RowsPerBlock) + 2, summary.Rows);
        Assert.Equal(3L * RowsPerBlock, await server.ScalarAsync<long>(restored, "SELECT count(DISTINCT id) FROM public.big"));
        Assert.Equal(0, (await VisibilityAsync(server, restored, "public.big")).Visible);
        await server.DropDatabaseAsync(restored);
        File.Delete(file);
    }

    [Fact]
    public async Task Rows_a_data_only_restore_finds_in_the_table_stay()
    {
        // Without the table's CREATE in the restore, nothing is truncated: the row already there stays.
        var server = await TestServer.GetAsync();
        var file = RestoreFixture.TempFile("frozen-data-only.sql");
        await File.WriteAllBytesAsync(file, Archive());
        var target = await server.CreateDatabaseAsync("fz_data_only");
        await server.ExecuteAsync(target,
            "CREATE TABLE public.big (id integer NOT NULL, body text); CREATE TABLE public.small (id integer); CREATE TABLE public.twin (id integer, body text); INSERT INTO public.big VALUES (-1, 'kept')");

        await RestoreFixture.RestoreAsync(file, target, new RestoreOptions
        {
            Force = true,
            NoSingleTransaction = true,
            Selection = new PgSnap.Restore.Selection.RestoreSelection { DataOnly = true },
        });

        Assert.Equal("kept", await server.ScalarAsync<string>(target, "SELECT body FROM public.big WHERE id = -1"));
        Assert.Equal((3L * RowsPerBlock) + 1, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.big"));
        Assert.Equal(4L * RowsPerBlock, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.twin"));
        await server.DropDatabaseAsync(target);
        File.Delete(file);
    }
}
