using System.Text;
using PgSnap.Archive;
using PgSnap.Restore;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

/// <summary>
/// Consecutive data blocks of one table go into one server COPY: the same rows and counts as block by block, and an
/// error in a later block still names that block's line and its own row number.
/// </summary>
public sealed class CopyMergeTests
{
    private const int Chunks = 4;
    private const int RowsPerChunk = 300;

    /// <summary>clients in four blocks; with <paramref name="badRow"/>, row 7 of the third block is not an integer.</summary>
    private static TestArchiveBuilder Archive(bool badRow = false)
    {
        var b = new TestArchiveBuilder()
            .Add("pre-data", "TABLE", "public", "clients", "CREATE TABLE public.clients (id integer NOT NULL, name text);")
            .Add("pre-data", "TABLE", "public", "notes", "CREATE TABLE public.notes (id integer, body text);");
        for (var chunk = 0; chunk < Chunks; chunk++)
        {
            var rows = new StringBuilder("COPY public.clients (id, name) FROM stdin;\n");
            for (var i = 0; i < RowsPerChunk; i++)
            {
                var id = chunk * RowsPerChunk + i;
                rows.Append(badRow && chunk == 2 && i == 6 ? "seven" : id.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Append("\tname ").Append(id).Append(" \\t ; é\n");
            }

            b.Add("data", "TABLE DATA", "public", "clients", rows.Append("\\.\n").ToString(), RowsPerChunk);
        }

        return b.Add("data", "TABLE DATA", "public", "notes", "COPY public.notes (id, body) FROM stdin;\n1\tone\n2\t\\N\n\\.\n", 2)
            .Add("post-data", "CONSTRAINT", "public", "clients clients_pkey", "ALTER TABLE ONLY public.clients ADD CONSTRAINT clients_pkey PRIMARY KEY (id);", table: "clients");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Consecutive_blocks_of_one_table_load_through_one_copy_with_the_same_rows(int jobs)
    {
        var server = await TestServer.GetAsync();
        var file = RestoreFixture.TempFile("merge.sql");
        var bytes = Archive().Build(ArchiveCompression.None);
        await File.WriteAllBytesAsync(file, bytes);
        var restored = await server.CreateDatabaseAsync("cm_ok");
        var viaPsql = await server.CreateDatabaseAsync("cm_psql");
        await RestoreFixture.PsqlAsync(viaPsql, Encoding.UTF8.GetString(bytes));

        var summary = await RestoreFixture.RestoreAsync(file, restored, new RestoreOptions { Jobs = jobs });

        Assert.Equal(Chunks * RowsPerChunk + 2, summary.Rows);
        Assert.Equal(await RestoreFixture.ContentAsync(viaPsql), await RestoreFixture.ContentAsync(restored));
        // One COPY commits in one transaction: psql's four COPYs left four. With two workers, the second may help
        // with the table once it is done with the other one, from the table's last block: one COPY each.
        var transactions = await server.ScalarAsync<long>(restored, "SELECT count(DISTINCT xmin::text) FROM public.clients");
        Assert.InRange(transactions, 1L, jobs);
        Assert.Equal(Chunks, await server.ScalarAsync<long>(viaPsql, "SELECT count(DISTINCT xmin::text) FROM public.clients"));
        await server.DropDatabaseAsync(restored);
        await server.DropDatabaseAsync(viaPsql);
        File.Delete(file);
    }

    [Fact]
    public async Task A_bad_row_in_the_third_block_of_a_merged_copy_reports_that_blocks_line_and_row()
    {
        var server = await TestServer.GetAsync();
        var file = RestoreFixture.TempFile("merge-bad.sql");
        var bytes = Archive(badRow: true).Build(ArchiveCompression.None);
        await File.WriteAllBytesAsync(file, bytes);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        var thirdCopy = Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith("COPY public.clients", StringComparison.Ordinal)).ElementAt(2) + 1;
        var target = await server.CreateDatabaseAsync("cm_bad");

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(file, target));

        Assert.Equal(PgSnapErrorKind.RestoreFailed, ex.Kind);
        Assert.Equal("22P02", ex.SqlState);
        Assert.StartsWith($"{file}:{thirdCopy}: COPY public.clients (id, name) FROM stdin;: ERROR 22P02", ex.Message, StringComparison.Ordinal);
        Assert.Contains("COPY clients, line 7, column id: \"seven\"", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.clients"));

        // restore -j 2 names the block (its lines counted from the block's start: the marker, then the COPY).
        var parallel = await server.CreateDatabaseAsync("cm_bad_j2");
        var jex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(file, parallel, new RestoreOptions { Jobs = 2 }));
        Assert.Equal(PgSnapErrorKind.RestoreFailed, jex.Kind);
        Assert.Matches(@"\(block 5\):2: COPY public\.clients \(id, name\) FROM stdin;: ERROR 22P02: .*COPY clients, line 7, column id", jex.Message);
        await server.DropDatabaseAsync(target);
        await server.DropDatabaseAsync(parallel);
        File.Delete(file);
    }
}
