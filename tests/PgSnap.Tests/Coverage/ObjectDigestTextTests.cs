using System.Globalization;
using System.IO.Hashing;
using System.Text;
using PgSnap.Catalog.Coverage;
using Xunit;

namespace PgSnap.Tests.Coverage;

/// <summary>
/// A digest in an archive's object list is XXH64 of the text's UTF-8 as 16 hex digits, whatever buffer computes it:
/// short texts are encoded on the stack and long ones in a pooled array, and both must give the released value.
/// </summary>
public sealed class ObjectDigestTextTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(341)]
    [InlineData(342)]
    [InlineData(1024)]
    [InlineData(5000)]
    public void The_digest_is_xxh64_of_the_utf8_for_short_and_long_texts(int length)
    {
        foreach (var unit in new[] { "a", "é", "€", "𝄞" })
        {
            var text = string.Concat(Enumerable.Repeat(unit, length));
            var expected = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text)).ToString("x16", CultureInfo.InvariantCulture);

            Assert.Equal(expected, ObjectDigestReader.Digest(text));
        }
    }

    [Fact]
    public void An_empty_text_has_an_empty_digest() => Assert.Equal("", ObjectDigestReader.Digest(""));
}
