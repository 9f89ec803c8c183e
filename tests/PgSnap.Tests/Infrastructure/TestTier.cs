using Xunit;

namespace PgSnap.Tests.Infrastructure;

/// <summary>
/// The test tiers (see docs/ARCHITECTURE.md, "Tests"): the fast tier is every test class marked
/// <c>[Trait(TestTier.Name, TestTier.Fast)]</c>; it needs no PostgreSQL server and <c>scripts/test.sh --fast</c> runs
/// it alone. That script sets <c>PGSNAP_TEST_TIER=fast</c>, and every way the suite gets a server calls
/// <see cref="RefuseServerInFastTier"/> first, so a fast-marked test that reaches for a server fails naming itself
/// instead of quietly starting a cluster and making the tier slow.
/// </summary>
internal static class TestTier
{
    /// <summary>The trait name the tiers are selected by (<c>--filter "Tier=Fast"</c>).</summary>
    public const string Name = "Tier";

    /// <summary>The value of <see cref="Name"/> for server-free tests.</summary>
    public const string Fast = "Fast";

    /// <summary>Whether this test process runs the fast tier only (<c>PGSNAP_TEST_TIER=fast</c>).</summary>
    public static bool FastOnly =>
        string.Equals(Environment.GetEnvironmentVariable("PGSNAP_TEST_TIER"), "fast", StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws when the fast tier is running: <paramref name="what"/> says which server was asked for.</summary>
    public static void RefuseServerInFastTier(string what)
    {
        if (FastOnly)
        {
            throw new InvalidOperationException(
                $"a fast-tier test asked for {what}; the fast tier runs without a server (remove its [Trait(\"{Name}\", \"{Fast}\")] or its server use)");
        }
    }
}
