using PgSnap.Connection;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Wire;

/// <summary>SASLprep (RFC 4013) on its own: the RFC's examples, NFKC cases that exercise each step, and the refusals.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class SaslPrepTests
{
    [Theory]
    [InlineData("I\u00ADX", "IX")] // RFC 4013 section 3: soft hyphen mapped to nothing
    [InlineData("user", "user")]
    [InlineData("USER", "USER")]
    [InlineData("\u00AA", "a")] // feminine ordinal: compatibility mapping
    [InlineData("\u2168", "IX")] // roman numeral nine
    [InlineData("a\u00A0b\u3000c", "a b c")] // non-ASCII spaces become spaces
    [InlineData("\uFB01sh", "fish")] // ligature
    [InlineData("\uFF30\uFF41\uFF53\uFF53", "Pass")] // full-width letters
    [InlineData("A\u030A", "\u00C5")] // composition
    [InlineData("\u1E0B\u0323", "\u1E0D\u0307")] // canonical reordering, then composition of the lower mark only
    [InlineData("q\u0307\u0323", "q\u0323\u0307")] // reordering without a composite
    [InlineData("\u1100\u1161\u11A8", "\uAC01")] // Hangul jamo compose algorithmically
    [InlineData("\uAC01", "\uAC01")]
    [InlineData("e\u0302\u0300", "\u1EC1")] // two-step composition
    [InlineData("p\u00E4ss\u00B2\U0001D400", "p\u00E4ss2A")] // a character outside the BMP
    public void Prepares_as_the_rfc_and_nfkc_say(string password, string expected) =>
        Assert.Equal(expected, SaslPrep.Prepare(password));

    [Theory]
    [InlineData("\u0007\u00E9")] // a control character (prohibited) in a non-ASCII password
    [InlineData("\u0627\u0031")] // RFC 4013 section 3: right-to-left text that ends left-to-right
    [InlineData("\u0627a\u0628")] // right-to-left mixed with left-to-right
    [InlineData("pw\uE000")] // private use
    public void Refuses_what_stringprep_prohibits(string password) => Assert.Null(SaslPrep.Prepare(password));

    [Fact]
    public void A_password_that_cannot_be_prepared_is_used_raw_and_ascii_is_never_touched()
    {
        Assert.Equal("\u0627\u0031"u8.ToArray(), SaslPrep.PasswordBytes("\u0627\u0031"));
        Assert.Equal("bell\u0007"u8.ToArray(), SaslPrep.PasswordBytes("bell\u0007"));
        Assert.Equal("\u0627\u0628"u8.ToArray(), SaslPrep.PasswordBytes("\u0627\u0628"));
    }
}
