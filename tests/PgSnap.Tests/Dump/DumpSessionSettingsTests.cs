using PgSnap.Dump;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>The one session setup of every dump connection, per server major and options (server-free).</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class DumpSessionSettingsTests
{
    [Fact]
    public void Every_reading_session_gets_pg_dumps_settings_with_an_empty_search_path_first()
    {
        var sql = DumpSessionSettings.For(new DumpOptions()).Sql(15);

        Assert.StartsWith("SELECT pg_catalog.set_config('search_path', '', false); ", sql, StringComparison.Ordinal);
        foreach (var setting in new[]
                 {
                     "SET client_encoding = 'UTF8'", "SET standard_conforming_strings = on", "SET DateStyle = ISO",
                     "SET IntervalStyle = postgres", "SET extra_float_digits = 3", "SET synchronize_seqscans = off",
                     "SET statement_timeout = 0", "SET lock_timeout = 0", "SET idle_in_transaction_session_timeout = 0",
                     "SET row_security = off",
                 })
        {
            Assert.Contains(setting, sql, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("quote_all_identifiers", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(13, false)]
    [InlineData(16, false)]
    [InlineData(17, true)]
    [InlineData(18, true)]
    public void Transaction_timeout_is_cleared_only_where_the_server_has_it(int major, bool expected) =>
        Assert.Equal(expected, DumpSessionSettings.For(new DumpOptions()).Sql(major).Contains("WHERE name = 'transaction_timeout'", StringComparison.Ordinal));

    [Fact]
    public void Quote_all_identifiers_is_a_session_setting_when_asked() =>
        Assert.Contains("SET quote_all_identifiers = true", DumpSessionSettings.For(new DumpOptions { QuoteAllIdentifiers = true }).Sql(15), StringComparison.Ordinal);

    /// <summary>
    /// The catalog queries are costed high on a database of thousands of tables (the coverage digest, the base type
    /// list): with the server's JIT on, compiling them took 4 of 5.6 seconds on 5,000 tables (README, "5,000 tables").
    /// </summary>
    [Fact]
    public void Jit_is_off_for_every_reading_session() =>
        Assert.Contains("SET jit = off", DumpSessionSettings.For(new DumpOptions()).Sql(13), StringComparison.Ordinal);
}
