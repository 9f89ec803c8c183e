using Xunit;

namespace PgSnap.Tests.Infrastructure;

/// <summary>The tokens of <c>PGSNAP_FIDELITY_SERVERS</c>: a major, or a major.minor the embedded package really holds.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class ServerChoiceTests
{
    [Theory]
    [InlineData("15", 15, null)]
    [InlineData("18", 18, null)]
    [InlineData("15.18", 15, 18)]
    public void A_major_or_the_embedded_release_is_accepted_and_written_back_as_given(string token, int major, int? minor)
    {
        var choice = ServerChoice.Parse("PGSNAP_FIDELITY_SERVERS", token);

        Assert.Equal(new ServerChoice(major, minor), choice);
        Assert.Equal(token, choice.ToString());
    }

    [Fact]
    public void A_minor_the_embedded_package_does_not_hold_is_refused_naming_the_one_it_does()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ServerChoice.Parse("PGSNAP_FIDELITY_SERVERS", "15.20"));

        Assert.Contains("'15.20'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("15.18", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("15e")]
    [InlineData("15.")]
    [InlineData("15.18.0")]
    [InlineData("x")]
    public void Anything_else_is_refused(string token) =>
        Assert.Throws<InvalidOperationException>(() => ServerChoice.Parse("PGSNAP_FIDELITY_SERVERS", token));
}
