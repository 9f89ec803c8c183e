using System.IO.Hashing;
using PgSnap.Archive.Reading;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Archive;

/// <summary>
/// The LZ4 frame reader on headers pgsnap never writes but a damaged or hostile file may hold: the longest frame
/// header (content size and dictionary id both flagged, 19 bytes) is read whole and refused as corrupt input, never
/// an out-of-range crash (the archive fuzz test found one at 16 bytes).
/// </summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class Lz4FrameHeaderTests
{
    [Fact]
    public void A_frame_header_with_content_size_and_dictionary_id_is_a_corrupt_input_error()
    {
        byte[] descriptor = [0x49, 0x40, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0]; // FLG: version 1, content size, dict id
        var checksum = (byte)((XxHash32.HashToUInt32(descriptor) >> 8) & 0xFF);
        byte[] frame = [0x04, 0x22, 0x4D, 0x18, .. descriptor, checksum, 0, 0, 0, 0];

        using var stream = new Lz4FrameReadStream(new MemoryStream(frame), "damaged.sql.lz4");
        var error = Assert.Throws<PgSnapException>(() => stream.ReadExactly(new byte[1]));

        Assert.Equal(PgSnapErrorKind.Corrupt, error.Kind);
        Assert.Contains("damaged.sql.lz4", error.Message, StringComparison.Ordinal);
    }
}
