using PgSnap.Archive.Compression;
using PgSnap.Dump;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Dump;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Verify;

/// <summary>
/// `pgsnap verify` and `pgsnap list` as a script sees them: every documented exit code that each can return,
/// through the real binary.
/// </summary>
public sealed class VerifyListCliTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Verify_exits_0_when_whole_4_for_a_flipped_byte_or_a_cut_file_and_1_for_a_missing_or_empty_required_table()
    {
        var server = await TestServer.GetAsync();
        var (db, path) = await VerifyTestKit.DumpAsync(server, ".sql.gz", CompressionSpec.Gzip);
        var manifest = await VerifyTestKit.ManifestAsync(path);
        var block = manifest.Blocks.Where(static b => b.Section == "data" && b.Rows > 100).Skip(1).First();
        var flipped = VerifyTestKit.Copy(path, bytes =>
        {
            bytes[block.Offset + (block.Length / 2)] ^= 0x10;
            return bytes;
        });
        var cut = VerifyTestKit.Copy(path, bytes => bytes[..(int)(block.Offset + block.Length - 3)]);
        try
        {
            var ok = await Verify(path, "--require-table", "public.agent_calls,public.clients", "--require-rows");
            Assert.Equal(0, ok.ExitCode);
            Assert.EndsWith("OK\n", ok.StdOutText, StringComparison.Ordinal);

            var bad = await Verify(flipped);
            Assert.Equal(4, bad.ExitCode);
            Assert.Contains($"first bad block: block {block.Id}", bad.StdOutText, StringComparison.Ordinal);
            Assert.Contains(block.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture), bad.StdOutText, StringComparison.Ordinal);

            var incomplete = await Verify(cut);
            Assert.Equal(4, incomplete.ExitCode);
            Assert.Contains("INCOMPLETE", incomplete.StdOutText, StringComparison.Ordinal);

            var missing = await Verify(path, "--require-table", "public.no_such_table");
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("required public.no_such_table: MISSING", missing.StdOutText, StringComparison.Ordinal);

            var empty = await Verify(path, "--require-table", "agent_deployments", "--require-rows");
            Assert.Equal(1, empty.ExitCode);

            // A damaged archive is corrupt (4) even when a required table is also missing (1): the worse one wins.
            Assert.Equal(4, (await Verify(flipped, "--require-table", "public.no_such_table")).ExitCode);
        }
        finally
        {
            File.Delete(path);
            File.Delete(flipped);
            File.Delete(cut);
            await server.DropDatabaseAsync(db);
        }
    }

    [Fact]
    public async Task Verify_against_exits_1_when_the_source_has_moved_on_and_3_when_it_cannot_connect()
    {
        var server = await TestServer.GetAsync();
        var (db, path) = await VerifyTestKit.DumpAsync(server, ".sql", CompressionSpec.None);
        try
        {
            Assert.Equal(0, (await Verify(path, "--against", server.UrlFor(db))).ExitCode);

            await server.ExecuteAsync(db, "INSERT INTO public.clients VALUES (100, 'new')");
            var moved = await Verify(path, "--against", server.UrlFor(db));
            Assert.Equal(1, moved.ExitCode);
            Assert.Contains("public.clients: archive 3, live 4", moved.StdOutText, StringComparison.Ordinal);

            var refused = await Verify(path, "--against", "postgresql://someone:Secret-Pw-77@127.0.0.1:1/app?sslmode=disable");
            Assert.Equal(3, refused.ExitCode);
            Assert.DoesNotContain("Secret-Pw-77", refused.StdErr + refused.StdOutText, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
            await server.DropDatabaseAsync(db);
        }
    }

    [Fact]
    public async Task Verify_and_list_exit_2_for_usage_errors_and_a_missing_file_and_4_for_an_unreadable_format()
    {
        var xz = Path.Combine(Path.GetTempPath(), $"pgsnap-xz-{Guid.NewGuid():N}.sql.xz");
        await File.WriteAllBytesAsync(xz, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, 0, 0, 0, 0]);
        try
        {
            foreach (var verb in new[] { "verify", "list" })
            {
                Assert.Equal(2, (await PgSnapCli.Default.RunAsync([verb])).ExitCode);
                Assert.Equal(2, (await PgSnapCli.Default.RunAsync([verb, xz, "--no-such-option"])).ExitCode);
                var missing = await PgSnapCli.Default.RunAsync([verb, "/nonexistent/backup.sql.gz"]);
                Assert.Equal(2, missing.ExitCode);
                Assert.Contains("no such file", missing.StdErr, StringComparison.Ordinal);
                var unreadable = await PgSnapCli.Default.RunAsync([verb, xz]);
                Assert.Equal(4, unreadable.ExitCode);
                Assert.Contains("xz", unreadable.StdErr, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(xz);
        }
    }

    [Theory]
    [InlineData("--inserts", 1)]
    [InlineData("--column-inserts", 1)]
    [InlineData("--column-inserts", 7)]
    public async Task An_insert_mode_archive_verifies_and_lists_with_rows_recounted_from_the_insert_statements(string mode, int rowsPerInsert)
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("verify_ins");
        var folder = Directory.CreateTempSubdirectory("pgsnap-verify-ins-").FullName;
        try
        {
            await server.ExecuteAsync(db, """
                CREATE TABLE public.agent_calls (id int PRIMARY KEY, note text);
                INSERT INTO public.agent_calls SELECT g, CASE WHEN g % 5 = 0 THEN E'it''s (a) "tricky"\n); INSERT INTO x VALUES (1' ELSE 'n' || g END FROM generate_series(1, 250) g;
                CREATE TABLE public.empty_one (id int);
                """);
            var path = Path.Combine(folder, "ins.sql.lz4");
            string[] dump = ["dump", "--url", server.UrlFor(db), "-f", path, "--quiet", mode, .. rowsPerInsert > 1 ? new[] { "--rows-per-insert", "7" } : []];
            await PgSnapCli.Default.RunCheckedAsync(dump);

            var verify = await PgSnapCli.Default.RunAsync(["verify", path, "--json", "--require-table", "public.agent_calls", "--require-rows"]);
            output.WriteLine(verify.StdOutText);
            Assert.Equal(0, verify.ExitCode);
            Assert.Equal((250L, 250L), Counts(verify.StdOutText, "agent_calls"));

            var list = await PgSnapCli.Default.RunCheckedAsync(["list", path]);
            output.WriteLine(list.StdOutText);
            var line = list.StdOutText.Split('\n').Single(static l => l.Contains("TABLE DATA", StringComparison.Ordinal) && l.Contains("agent_calls", StringComparison.Ordinal));
            Assert.Contains(" 250 ", line, StringComparison.Ordinal);

            // The same file read as from a pipe: no manifest to lean on, the INSERTs themselves are counted.
            var piped = await PgSnapCli.Default.RunAsync(["verify", "-", "--json"], stdinFile: path);
            Assert.Equal(0, piped.ExitCode);
            Assert.Equal((250L, 250L), Counts(piped.StdOutText, "agent_calls"));
        }
        finally
        {
            await server.DropDatabaseAsync(db);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A table's manifest_rows (-1 when null) and recounted rows from verify's JSON report.</summary>
    private static (long Manifest, long Rows) Counts(string json, string table)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var t = doc.RootElement.GetProperty("tables").EnumerateArray().Single(e => e.GetProperty("name").GetString() == table);
        var manifest = t.GetProperty("manifest_rows");
        return (manifest.ValueKind == System.Text.Json.JsonValueKind.Null ? -1 : manifest.GetInt64(), t.GetProperty("rows").GetInt64());
    }

    private static Task<ProcessRunner.BinaryResult> Verify(string path, params string[] extra) => PgSnapCli.Default.RunAsync(["verify", path, .. extra]);
}
