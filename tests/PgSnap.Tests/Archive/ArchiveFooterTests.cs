using PgSnap.Archive;
using PgSnap.Archive.Manifest;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Archive;

[Trait(TestTier.Name, TestTier.Fast)]
public sealed class ArchiveFooterTests
{
    [Theory]
    [InlineData(ArchiveCompression.None)]
    [InlineData(ArchiveCompression.Gzip)]
    [InlineData(ArchiveCompression.Lz4)]
    [InlineData(ArchiveCompression.Zstd)]
    public void Footer_has_its_fixed_size_and_decodes_back(ArchiveCompression compression)
    {
        var footer = new ArchiveFooter(1234567, 890, 0xDEADBEEF01234567UL);
        var encoded = footer.Encode(compression);
        Assert.Equal(ArchiveFooter.EncodedLength(compression), encoded.Length);
        Assert.Equal(footer, ArchiveFooter.TryDecode(encoded, compression));
    }

    [Theory]
    [InlineData(ArchiveCompression.Gzip, "gzip")]
    [InlineData(ArchiveCompression.Lz4, "lz4")]
    [InlineData(ArchiveCompression.Zstd, "zstd")]
    public async Task Standard_tools_decompress_the_footer_to_its_line(ArchiveCompression compression, string tool)
    {
        var footer = new ArchiveFooter(42, 7, 0x0123456789ABCDEFUL);
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, footer.Encode(compression));
            var result = await ProcessRunner.RunAsync(tool, ["-dc", path]);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(System.Text.Encoding.ASCII.GetString(footer.ToLine()), result.StdOut);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(ArchiveCompression.Gzip)]
    [InlineData(ArchiveCompression.Zstd)]
    public void Damaged_footer_is_not_accepted(ArchiveCompression compression)
    {
        var encoded = new ArchiveFooter(1, 2, 3).Encode(compression);
        encoded[40] ^= 0x20;
        Assert.Null(ArchiveFooter.TryDecode(encoded, compression));
    }
}
