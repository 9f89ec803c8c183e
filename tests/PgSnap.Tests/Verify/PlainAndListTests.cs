using System.Text;
using PgSnap.Archive.Compression;
using PgSnap.Tests.Infrastructure;
using PgSnap.Verify;
using Xunit;

namespace PgSnap.Tests.Verify;

public sealed class PlainAndListTests
{
    private static async Task<string> PgDumpAsync(TestServer server, string database)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pgsnap-plain-{Guid.NewGuid():N}.sql");
        var result = await ProcessRunner.RunAsync(PostgresBinaries.Tool("pg_dump"), ["-d", database, "-f", path], server.ToolEnvironment());
        Assert.True(result.ExitCode == 0, result.StdErr);
        return path;
    }

    [Fact]
    public async Task A_pg_dump_plain_file_verifies_with_tables_and_rows_counted_and_fails_when_cut()
    {
        var server = await TestServer.GetAsync();
        var (database, archive) = await VerifyTestKit.DumpAsync(server, ".sql", CompressionSpec.None);
        var plain = await PgDumpAsync(server, database);
        var cut = VerifyTestKit.Copy(plain, static bytes => bytes[..(bytes.Length / 2)]);
        try
        {
            var report = await VerifyTestKit.VerifyFileAsync(plain, new VerifyOptions { RequiredTables = ["public.agent_calls"], RequireRows = true });
            Assert.True(report.Ok, VerifyTestKit.Text(report));
            Assert.Equal("pg_dump", report.Format);
            Assert.True(report.Complete);
            Assert.Equal(3001, ArchiveVerifier.FindTable(report.Tables, "public.agent_calls")!.Rows);
            Assert.Equal(0, ArchiveVerifier.FindTable(report.Tables, "public.agent_deployments")!.Rows);

            var truncated = await VerifyTestKit.VerifyFileAsync(cut);
            Assert.False(truncated.Complete);
            Assert.Equal(PgSnapErrorKind.Corrupt, truncated.ErrorKind);
            Assert.Contains(truncated.Problems, static p => p.Code == "structure" && p.Message.Contains("COPY", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(archive);
            File.Delete(plain);
            File.Delete(cut);
        }
    }

    [Fact]
    public async Task List_reads_the_manifest_of_a_file_and_rebuilds_the_same_entries_from_a_pipe()
    {
        var server = await TestServer.GetAsync();
        var (_, path) = await VerifyTestKit.DumpAsync(server, ".sql.gz", CompressionSpec.Gzip);
        await File.WriteAllTextAsync(path + ".drill.json", """{"passed": true}""");
        try
        {
            var fromManifest = await TableOfContentsReader.ReadAsync(path, static () => throw new InvalidOperationException(), CancellationToken.None);
            var bytes = await File.ReadAllBytesAsync(path);
            var fromPipe = await TableOfContentsReader.ReadAsync("-", () => new MemoryStream(bytes), CancellationToken.None);

            Assert.True(fromManifest.FromManifest);
            Assert.False(fromPipe.FromManifest);
            Assert.Equal("passed", fromManifest.Drill);
            var calls = fromManifest.Entries.Where(static e => e.Kind == "TABLE DATA" && e.Name == "agent_calls").ToList();
            Assert.Equal(3001, calls.Sum(static e => e.Rows));
            var manifestData = fromManifest.Entries.Where(static e => e.Section == "data").Select(static e => (e.Id, e.Name, e.Rows, e.Bytes));
            var pipeData = fromPipe.Entries.Where(static e => e.Section == "data").Select(static e => (e.Id, e.Name, e.Rows, e.Bytes));
            Assert.Equal(manifestData, pipeData);
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".drill.json");
        }
    }

    [Fact]
    public async Task List_of_a_pg_dump_file_uses_its_name_comments_and_counts_copy_rows()
    {
        var server = await TestServer.GetAsync();
        var (database, archive) = await VerifyTestKit.DumpAsync(server, ".sql", CompressionSpec.None);
        var plain = await PgDumpAsync(server, database);
        try
        {
            var toc = await TableOfContentsReader.ReadAsync(plain, static () => throw new InvalidOperationException(), CancellationToken.None);

            Assert.Equal("pg_dump", toc.Format);
            var table = Assert.Single(toc.Entries, static e => e.Kind == "TABLE" && e.Name == "clients");
            Assert.Equal(("pre-data", "public"), (table.Section, table.Schema));
            Assert.False(string.IsNullOrEmpty(table.Owner));
            Assert.Equal(3001, Assert.Single(toc.Entries, static e => e.Kind == "TABLE DATA" && e.Name == "agent_calls").Rows);
            Assert.Equal("post-data", Assert.Single(toc.Entries, static e => e.Kind == "CONSTRAINT").Section);
        }
        finally
        {
            File.Delete(archive);
            File.Delete(plain);
        }
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Theory]
    [InlineData("INSERT INTO public.t VALUES (1, 'a');", 1)]
    [InlineData("INSERT INTO public.t (a, b) VALUES (1, 'x),(y'), (2, E'it\\'s (not) a row'), (3, \"f\"(4));", 3)]
    [InlineData("INSERT INTO \"Weird\"\"Name\".t VALUES\n\t(1),\n\t(2);", 2)]
    [InlineData("SELECT 1;", 0)]
    public void Insert_rows_are_counted_by_top_level_tuples(string statement, long rows)
    {
        Assert.Equal(rows, SqlRowCounter.CountInsertRows(Encoding.UTF8.GetBytes(statement)));
    }
}
