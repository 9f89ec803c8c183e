using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>CREATE TEXT SEARCH PARSER / TEMPLATE / DICTIONARY / CONFIGURATION blocks, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class TextSearchEmitterTests
{
    private const uint Oid = 40800;

    [Fact]
    public void A_parser_names_its_functions_and_its_headline_only_when_it_has_one()
    {
        var parser = new TextSearchParserRecord(Oid, "My TS", "prs", "prsd_start", "prsd_nexttoken", "prsd_end", "prsd_lextype", "prsd_headline",
            EmitContexts.Comment(CatalogId.PgTsParser, Oid, "p"));
        var block = TextSearchEmitter.EmitParser(parser, EmitContexts.For());
        Assert.Equal(
            "CREATE TEXT SEARCH PARSER \"My TS\".prs (\n    START = prsd_start,\n    GETTOKEN = prsd_nexttoken,\n    END = prsd_end,\n    LEXTYPES = prsd_lextype,\n"
            + "    HEADLINE = prsd_headline );\nCOMMENT ON TEXT SEARCH PARSER \"My TS\".prs IS 'p';\n",
            block.Sql);
        Assert.Null(block.Owner);
        Assert.Equal("DROP TEXT SEARCH PARSER \"My TS\".prs;\n", block.DropSql);
        Assert.DoesNotContain("HEADLINE", TextSearchEmitter.EmitParser(parser with { Headline = null }, EmitContexts.For()).Sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dsimple_init", "CREATE TEXT SEARCH TEMPLATE s.tmpl (\n    INIT = dsimple_init,\n    LEXIZE = dsimple_lexize );\n")]
    [InlineData(null, "CREATE TEXT SEARCH TEMPLATE s.tmpl (\n    LEXIZE = dsimple_lexize );\n")]
    public void A_template_names_its_init_only_when_it_has_one(string? init, string expected)
    {
        var template = new TextSearchTemplateRecord(Oid, "s", "tmpl", init, "dsimple_lexize", EmitContexts.Nothing(CatalogId.PgTsTemplate, Oid));
        var block = TextSearchEmitter.EmitTemplate(template, EmitContexts.For(new DumpOptions { IfExists = true }));
        Assert.Equal(expected, block.Sql);
        Assert.Equal("DROP TEXT SEARCH TEMPLATE IF EXISTS s.tmpl;\n", block.DropSql);
    }

    [Fact]
    public void A_dictionary_keeps_its_options_and_owner()
    {
        var dictionary = new TextSearchDictionaryRecord(Oid, "s", "select", "alice", "pg_catalog", "simple", "stopwords = 'english'", EmitContexts.Nothing(CatalogId.PgTsDict, Oid));
        Assert.Equal(
            "CREATE TEXT SEARCH DICTIONARY s.\"select\" (\n    TEMPLATE = pg_catalog.simple,\n    stopwords = 'english' );\nALTER TEXT SEARCH DICTIONARY s.\"select\" OWNER TO alice;\n",
            TextSearchEmitter.EmitDictionary(dictionary, EmitContexts.For()).Sql);
        Assert.Equal(
            "CREATE TEXT SEARCH DICTIONARY s.\"select\" (\n    TEMPLATE = pg_catalog.simple );\n",
            TextSearchEmitter.EmitDictionary(dictionary with { Options = null }, EmitContexts.For(new DumpOptions { NoOwner = true })).Sql);
    }

    [Fact]
    public void A_configuration_adds_one_mapping_per_token_type()
    {
        var configuration = new TextSearchConfigurationRecord(Oid, "s", "cfg", "alice", "pg_catalog", "default",
            [new TextSearchMapping("asciiword", ["s.\"select\"", "english_stem"]), new TextSearchMapping("int", ["simple"])],
            EmitContexts.Comment(CatalogId.PgTsConfig, Oid, "c"));
        Assert.Equal(
            "CREATE TEXT SEARCH CONFIGURATION s.cfg (\n    PARSER = pg_catalog.\"default\" );\n"
            + "ALTER TEXT SEARCH CONFIGURATION s.cfg\n    ADD MAPPING FOR asciiword WITH s.\"select\", english_stem;\n"
            + "ALTER TEXT SEARCH CONFIGURATION s.cfg\n    ADD MAPPING FOR \"int\" WITH simple;\n"
            + "ALTER TEXT SEARCH CONFIGURATION s.cfg OWNER TO alice;\nCOMMENT ON TEXT SEARCH CONFIGURATION s.cfg IS 'c';\n",
            TextSearchEmitter.EmitConfiguration(configuration, EmitContexts.For()).Sql);
        Assert.Equal(
            "CREATE TEXT SEARCH CONFIGURATION s.cfg (\n    PARSER = pg_catalog.\"default\" );\n",
            TextSearchEmitter.EmitConfiguration(configuration with { Mappings = [] }, EmitContexts.For(new DumpOptions { NoOwner = true, NoComments = true })).Sql);
    }
}
