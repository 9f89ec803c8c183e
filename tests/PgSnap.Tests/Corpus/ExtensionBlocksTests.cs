using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Corpus;

/// <summary>The optional extension blocks of the corpus files, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class ExtensionBlocksTests
{
    private const string Sql = "CREATE EXTENSION a;\n-- begin extension: rum\nCREATE EXTENSION rum;\nCREATE INDEX i ON t USING rum (x);\n-- end extension: rum\nSELECT 1;";

    [Fact]
    public void A_block_is_declared_by_its_begin_line() => Assert.Equal(["rum"], ExtensionBlocks.Declared(Sql));

    [Fact]
    public void Leaving_an_extension_out_drops_its_block_and_nothing_else() =>
        Assert.Equal("CREATE EXTENSION a;\nSELECT 1;", ExtensionBlocks.Without(Sql, new HashSet<string> { "rum" }));

    [Fact]
    public void A_loadable_extension_keeps_the_file_as_it_is() => Assert.Equal(Sql, ExtensionBlocks.Without(Sql, new HashSet<string>()));

    [Fact]
    public void An_unclosed_block_is_an_error_in_the_file() =>
        Assert.Throws<FormatException>(() => ExtensionBlocks.Without("-- begin extension: rum\nSELECT 1;", new HashSet<string>()));

    [Fact]
    public void The_packaged_corpus_declares_its_rum_block()
    {
        var sql = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "packaged_extensions.sql"));
        Assert.Contains("rum", ExtensionBlocks.Declared(sql));
        Assert.DoesNotContain("USING rum", ExtensionBlocks.Without(sql, new HashSet<string> { "rum" }), StringComparison.Ordinal);
        Assert.DoesNotContain("CREATE EXTENSION rum", ExtensionBlocks.Without(sql, new HashSet<string> { "rum" }), StringComparison.Ordinal);
    }
}
