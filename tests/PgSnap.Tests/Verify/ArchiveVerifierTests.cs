using PgSnap.Archive;
using PgSnap.Archive.Compression;
using PgSnap.Archive.Manifest;
using PgSnap.Tests.Infrastructure;
using PgSnap.Verify;
using Xunit;

namespace PgSnap.Tests.Verify;

public sealed class ArchiveVerifierTests
{
    public static TheoryData<string, ArchiveCompression> Compressions => new()
    {
        { ".sql", ArchiveCompression.None },
        { ".sql.gz", ArchiveCompression.Gzip },
        { ".sql.lz4", ArchiveCompression.Lz4 },
        { ".sql.zst", ArchiveCompression.Zstd },
    };

    private static CompressionSpec Spec(ArchiveCompression c) =>
        c switch { ArchiveCompression.Gzip => CompressionSpec.Gzip, ArchiveCompression.Lz4 => CompressionSpec.Lz4, ArchiveCompression.Zstd => CompressionSpec.Zstd, _ => CompressionSpec.None };

    [Theory]
    [MemberData(nameof(Compressions))]
    public async Task A_fresh_dump_verifies_from_a_file_and_from_a_pipe_with_rows_recounted(string extension, ArchiveCompression compression)
    {
        var server = await TestServer.GetAsync();
        var (_, path) = await VerifyTestKit.DumpAsync(server, extension, Spec(compression));
        try
        {
            var options = new VerifyOptions { RequiredTables = ["public.agent_calls", "clients", "public.agent_deployments"] };
            foreach (var report in new[] { await VerifyTestKit.VerifyFileAsync(path, options), await VerifyTestKit.VerifyPipeAsync(await File.ReadAllBytesAsync(path), options) })
            {
                Assert.True(report.Ok, VerifyTestKit.Text(report));
                Assert.True(report.Complete);
                Assert.Equal("pgsnap", report.Format);
                Assert.Null(report.FirstBadBlock);
                var calls = ArchiveVerifier.FindTable(report.Tables, "public.agent_calls")!;
                Assert.Equal(3001, calls.Rows);
                Assert.Equal(3001, calls.ManifestRows);
                Assert.Equal(3, ArchiveVerifier.FindTable(report.Tables, "public.clients")!.Rows);
                Assert.True(report.Blocks > 4, $"expected several data blocks, got {report.Blocks}");
                Assert.All(report.Required, static r => Assert.True(r.Present));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public async Task A_flipped_byte_names_the_data_block_it_is_in_with_its_offset(string extension, ArchiveCompression compression)
    {
        var server = await TestServer.GetAsync();
        var (_, path) = await VerifyTestKit.DumpAsync(server, extension, Spec(compression));
        var manifest = await VerifyTestKit.ManifestAsync(path);
        var target = manifest.Blocks.Where(static b => b.Section == "data" && b.Rows > 100).Skip(1).First();
        var damaged = VerifyTestKit.Copy(path, bytes =>
        {
            bytes[target.Offset + (target.Length / 2)] ^= 0x10;
            return bytes;
        });
        try
        {
            var report = await VerifyTestKit.VerifyFileAsync(damaged);

            Assert.False(report.Ok);
            Assert.Equal(PgSnapErrorKind.Corrupt, report.ErrorKind);
            Assert.NotNull(report.FirstBadBlock);
            Assert.Equal(target.Id, report.FirstBadBlock.Id);
            Assert.Equal(target.Offset, report.FirstBadBlock.Offset);
            Assert.Equal("TABLE DATA", report.FirstBadBlock.Kind);
            Assert.Equal("agent_calls", report.FirstBadBlock.Name);
            if (compression == ArchiveCompression.None)
            {
                // The streaming pass and the seek that names the block judge it with one rule (BlockDigest), in the
                // same words as restore's checked stream and the drill.
                Assert.StartsWith("fails its checksum", report.FirstBadBlock.Problem, StringComparison.Ordinal);
                Assert.Contains(report.Problems, p => p.Message.EndsWith(": " + report.FirstBadBlock.Problem, StringComparison.Ordinal));
            }
        }
        finally
        {
            File.Delete(path);
            File.Delete(damaged);
        }
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public async Task A_truncated_archive_is_incomplete_and_names_the_block_it_stops_in(string extension, ArchiveCompression compression)
    {
        var server = await TestServer.GetAsync();
        var (_, path) = await VerifyTestKit.DumpAsync(server, extension, Spec(compression));
        var manifest = await VerifyTestKit.ManifestAsync(path);
        var cutIn = manifest.Blocks.Where(static b => b.Section == "data" && b.Rows > 100).Skip(2).First();
        var truncated = VerifyTestKit.Copy(path, bytes => bytes[..(int)(cutIn.Offset + cutIn.Length - 3)]);
        try
        {
            var report = await VerifyTestKit.VerifyFileAsync(truncated);

            Assert.False(report.Complete);
            Assert.Equal(PgSnapErrorKind.Corrupt, report.ErrorKind);
            Assert.Contains(report.Problems, static p => p.Code == "incomplete");
            Assert.NotNull(report.FirstBadBlock);
            Assert.Equal(cutIn.Id, report.FirstBadBlock.Id);
        }
        finally
        {
            File.Delete(path);
            File.Delete(truncated);
        }
    }

    [Fact]
    public async Task An_archive_without_its_footer_is_incomplete_even_though_every_block_is_intact()
    {
        var server = await TestServer.GetAsync();
        var (_, path) = await VerifyTestKit.DumpAsync(server, ".sql.gz", CompressionSpec.Gzip);
        var noFooter = VerifyTestKit.Copy(path, static bytes => bytes[..^ArchiveFooter.EncodedLength(ArchiveCompression.Gzip)]);
        try
        {
            var report = await VerifyTestKit.VerifyFileAsync(noFooter);

            Assert.False(report.Complete);
            Assert.Equal(["incomplete"], report.Problems.Select(static p => p.Code));
            Assert.Equal(PgSnapErrorKind.Corrupt, report.ErrorKind);
        }
        finally
        {
            File.Delete(path);
            File.Delete(noFooter);
        }
    }

    [Fact]
    public async Task A_damaged_manifest_fails_the_footer_checksum()
    {
        var server = await TestServer.GetAsync();
        var (_, path) = await VerifyTestKit.DumpAsync(server, ".sql", CompressionSpec.None);
        var manifestOffset = ArchiveFooter.TryDecode(File.ReadAllBytes(path).AsSpan()[^ArchiveFooter.LineLength..], ArchiveCompression.None)!.ManifestOffset;
        var damaged = VerifyTestKit.Copy(path, bytes =>
        {
            // "finished_utc" → "finished_utd": still valid JSON, but no longer the bytes the footer vouches for.
            var text = System.Text.Encoding.UTF8.GetString(bytes, (int)manifestOffset, 200);
            var at = (int)manifestOffset + text.IndexOf("finished_utc", StringComparison.Ordinal) + 11;
            bytes[at] = (byte)'d';
            return bytes;
        });
        try
        {
            var report = await VerifyTestKit.VerifyFileAsync(damaged);
            Assert.Contains(report.Problems, static p => p.Code == "manifest");
            Assert.Equal(PgSnapErrorKind.Corrupt, report.ErrorKind);
        }
        finally
        {
            File.Delete(path);
            File.Delete(damaged);
        }
    }

    [Fact]
    public async Task Required_tables_fail_when_missing_or_with_require_rows_when_empty()
    {
        var server = await TestServer.GetAsync();
        var (_, path) = await VerifyTestKit.DumpAsync(server, ".sql.lz4", CompressionSpec.Lz4);
        try
        {
            var missing = await VerifyTestKit.VerifyFileAsync(path, new VerifyOptions { RequiredTables = ["public.agent_calls", "public.invoices"] });
            Assert.Equal(PgSnapErrorKind.Failure, missing.ErrorKind);
            Assert.Equal(["required table public.invoices is not in the archive"], missing.Problems.Select(static p => p.Message));

            var present = await VerifyTestKit.VerifyFileAsync(path, new VerifyOptions { RequiredTables = ["public.agent_deployments"] });
            Assert.True(present.Ok, VerifyTestKit.Text(present));

            var empty = await VerifyTestKit.VerifyFileAsync(path, new VerifyOptions { RequiredTables = ["public.agent_deployments"], RequireRows = true });
            Assert.Equal(["required table public.agent_deployments has no rows"], empty.Problems.Select(static p => p.Message));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Against_a_live_database_row_counts_match_until_the_source_changes()
    {
        var server = await TestServer.GetAsync();
        var (database, path) = await VerifyTestKit.DumpAsync(server, ".sql.gz", CompressionSpec.Gzip);
        try
        {
            var spec = PgSnap.Connection.ConnectionStringParser.Parse(server.UrlFor(database));
            var same = await LiveComparer.CompareAsync(await VerifyTestKit.VerifyFileAsync(path), spec, CancellationToken.None);
            Assert.True(same.Ok, VerifyTestKit.Text(same));
            Assert.Equal(3, same.Against!.TablesCompared);

            await server.ExecuteAsync(database, "INSERT INTO public.clients VALUES (4, 'new'); CREATE TABLE public.extra (id int);");
            var changed = await LiveComparer.CompareAsync(await VerifyTestKit.VerifyFileAsync(path), spec, CancellationToken.None);
            Assert.Equal(PgSnapErrorKind.Failure, changed.ErrorKind);
            Assert.Equal(
                ["table public.clients has 3 rows in the archive and 4 live", "table public.extra is in the live database but not in the archive"],
                changed.Problems.Select(static p => p.Message));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
