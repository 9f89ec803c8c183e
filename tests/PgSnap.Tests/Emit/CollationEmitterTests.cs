using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>CREATE COLLATION statements, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
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

    [Fact]
    public void Split_locales_rules_and_the_builtin_provider_are_spelled_out()
    {
        Assert.Equal(
            "CREATE COLLATION s.c (provider = libc, lc_collate = 'de_DE.utf8', lc_ctype = 'C');\n",
            CollationEmitter.Create("s.c", new CollationDefinition('c', "de_DE.utf8", "C", null, null, true, 6)));
        Assert.Equal(
            "CREATE COLLATION s.c (provider = icu, locale = 'und', rules = '&a < ''b''');\n",
            CollationEmitter.Create("s.c", new CollationDefinition('i', null, null, "und", "&a < 'b'", true, -1)));
        Assert.Equal(
            "CREATE COLLATION s.c (provider = builtin, locale = 'C.UTF-8');\n",
            CollationEmitter.Create("s.c", new CollationDefinition('b', null, null, "C.UTF-8", null, true, -1)));
    }

    [Fact]
    public void The_block_quotes_the_name_sets_the_owner_comments_and_drops()
    {
        const uint oid = 40300;
        var collation = new CollationRecord(oid, "My Schema", "order", "alice", new CollationDefinition('c', "C", "C", null, null, true, 6),
            EmitContexts.Comment(CatalogId.PgCollation, oid, "sorted"));
        var block = CollationEmitter.Emit(collation, EmitContexts.For(new DumpOptions { IfExists = true }));
        Assert.Equal(
            "CREATE COLLATION \"My Schema\".\"order\" (provider = libc, locale = 'C');\nALTER COLLATION \"My Schema\".\"order\" OWNER TO alice;\n"
            + "COMMENT ON COLLATION \"My Schema\".\"order\" IS 'sorted';\n",
            block.Sql);
        Assert.Equal("DROP COLLATION IF EXISTS \"My Schema\".\"order\";\n", block.DropSql);
        Assert.Equal("My Schema", block.Schema);
        var bare = CollationEmitter.Emit(collation, EmitContexts.For(new DumpOptions { NoOwner = true, NoComments = true }));
        Assert.Equal("CREATE COLLATION \"My Schema\".\"order\" (provider = libc, locale = 'C');\n", bare.Sql);
    }
}
