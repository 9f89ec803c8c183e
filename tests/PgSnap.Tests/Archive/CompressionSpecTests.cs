using PgSnap.Archive;
using PgSnap.Archive.Compression;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Archive;

[Trait(TestTier.Name, TestTier.Fast)]
public sealed class CompressionSpecTests
{
    [Theory]
    [InlineData("zstd", ArchiveCompression.Zstd, 3, "zstd:3")]
    [InlineData("zstd:1", ArchiveCompression.Zstd, 1, "zstd:1")]
    [InlineData("ZSTD:19", ArchiveCompression.Zstd, 19, "zstd:19")]
    [InlineData("zstd:level=22", ArchiveCompression.Zstd, 22, "zstd:22")]
    [InlineData("gzip", ArchiveCompression.Gzip, 6, "gzip:6")]
    [InlineData("5", ArchiveCompression.Gzip, 5, "gzip:5")]
    [InlineData("lz4:12", ArchiveCompression.Lz4, 12, "lz4:12")]
    [InlineData("0", ArchiveCompression.None, 0, "none")]
    public void Pg_dump_spellings_parse_to_a_method_and_level(string text, ArchiveCompression kind, int level, string recorded)
    {
        var spec = CompressionSpec.Parse(text);
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(level, spec.Level);
        Assert.Equal(recorded, spec.ToString());
    }

    [Theory]
    [InlineData("zstd:0")]
    [InlineData("zstd:23")]
    [InlineData("zstd:long")]
    [InlineData("zstd:-1")]
    public void Out_of_range_zstd_levels_are_usage_errors(string text)
    {
        var ex = Assert.Throws<PgSnapException>(() => CompressionSpec.Parse(text));
        Assert.Equal(PgSnapErrorKind.Usage, ex.Kind);
        Assert.Contains("zstd[:1-22]", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("backup.sql.zst", ArchiveCompression.Zstd, ".sql.zst")]
    [InlineData("BACKUP.SQL.ZST", ArchiveCompression.Zstd, ".sql.zst")]
    [InlineData("backup.sql.lz4", ArchiveCompression.Lz4, ".sql.lz4")]
    [InlineData("backup.sql", ArchiveCompression.None, ".sql")]
    public void The_output_name_picks_the_compression(string name, ArchiveCompression kind, string extension)
    {
        var spec = CompressionSpec.FromFileName(name);
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(extension, spec.FileExtension);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(19)]
    public async Task A_block_is_one_zstd_frame_with_content_size_and_checksum_that_the_zstd_cli_reads(int level)
    {
        var raw = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20000).Select(static i => $"{i}\tname {i % 97}\t2025-01-{1 + (i % 28):D2}\n")));
        using var encoded = new PgSnap.Archive.Writing.PooledBuffer(raw.Length);
        new CompressionSpec(ArchiveCompression.Zstd, level).CreateCompressor().Compress(raw, encoded);
        var frame = encoded.WrittenSpan.ToArray();
        Assert.True(frame.Length < raw.Length / 3, $"{raw.Length} bytes compressed to {frame.Length}");

        // Two blocks back to back, as in an archive: the CLI reads the concatenated frames as one stream.
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, [.. frame, .. frame]);
            var list = await ProcessRunner.RunAsync("zstd", ["-lv", path]);
            Assert.True(list.ExitCode == 0, list.StdErr);
            Assert.Contains("Frames: 2", list.StdOut.Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains("Check: XXH64", list.StdOut, StringComparison.Ordinal);
            Assert.DoesNotContain("Decompressed Size: N/A", list.StdOut, StringComparison.Ordinal);
            var decompressed = await ProcessRunner.RunAsync("zstd", ["-q", "-dc", path]);
            Assert.Equal(0, decompressed.ExitCode);
            Assert.Equal(System.Text.Encoding.UTF8.GetString([.. raw, .. raw]), decompressed.StdOut);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
