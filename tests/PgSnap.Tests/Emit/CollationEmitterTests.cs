using PgSnap.Emit;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>CREATE COLLATION statements, without a server.</summary>
public sealed class CollationEmitterTests
{
    [Theory]
    [InlineData("C", "CREATE COLLATION s.c FROM pg_catalog.\"C\";\n")]
    [InlineData("POSIX", "CREATE COLLATION s.c FROM pg_catalog.\"POSIX\";\n")]
    public void A_libc_collation_of_any_encoding_is_copied_from_the_built_in_one(string locale, string expected) =>
        Assert.Equal(expected, CollationEmitter.Create("s.c", new CollationDefinition('c', locale, locale, null, null, true, -1)));

    [Fact]
    public void A_libc_collation_bound_to_an_encoding_names_its_locale() =>
        Assert.Equal(
            "CREATE COLLATION s.c (provider = libc, locale = 'C');\n",
            CollationEmitter.Create("s.c", new CollationDefinition('c', "C", "C", null, null, true, 6)));

    [Fact]
    public void An_icu_collation_of_any_encoding_keeps_its_definition() =>
        Assert.Equal(
            "CREATE COLLATION s.c (provider = icu, locale = 'und', deterministic = false);\n",
            CollationEmitter.Create("s.c", new CollationDefinition('i', null, null, "und", null, false, -1)));
}
