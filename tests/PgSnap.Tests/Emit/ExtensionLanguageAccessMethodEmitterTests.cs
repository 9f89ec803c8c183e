using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>CREATE EXTENSION, CREATE LANGUAGE and CREATE ACCESS METHOD blocks, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class ExtensionLanguageAccessMethodEmitterTests
{
    private const uint Oid = 40200;

    [Fact]
    public void An_extension_is_created_if_missing_in_its_schema_and_depends_on_it()
    {
        var extension = new ExtensionRecord(Oid, "uuid-ossp", "my ext", 40201, EmitContexts.Comment(CatalogId.PgExtension, Oid, "ids"));
        var block = ExtensionEmitter.Emit(extension, EmitContexts.For(new DumpOptions { IfExists = true }));
        Assert.Equal("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA \"my ext\";\nCOMMENT ON EXTENSION \"uuid-ossp\" IS 'ids';\n", block.Sql);
        Assert.Equal("DROP EXTENSION IF EXISTS \"uuid-ossp\";\n", block.DropSql);
        Assert.Null(block.Owner);
        Assert.Equal([new CatalogId(CatalogId.PgNamespace, 40201)], block.DependsOn);
    }

    [Fact]
    public void A_trusted_language_names_all_its_handlers_owner_and_grants()
    {
        var language = Language(trusted: true, inline: "public.plx_inline(internal)", validator: "public.plx_validator");
        var block = LanguageEmitter.Emit(language, EmitContexts.For());
        Assert.Equal(
            "CREATE TRUSTED PROCEDURAL LANGUAGE plx HANDLER public.plx_call INLINE public.plx_inline(internal) VALIDATOR public.plx_validator;\n"
            + "ALTER LANGUAGE plx OWNER TO alice;\nGRANT USAGE ON LANGUAGE plx TO bob;\n",
            block.Sql);
        Assert.Equal("PROCEDURAL LANGUAGE", block.Kind);
        Assert.Equal("DROP PROCEDURAL LANGUAGE plx;\n", block.DropSql);
    }

    [Fact]
    public void An_untrusted_language_with_only_a_handler_under_no_owner_and_no_acl()
    {
        var block = LanguageEmitter.Emit(Language(trusted: false, inline: null, validator: null), EmitContexts.For(new DumpOptions { NoOwner = true, NoAcl = true }));
        Assert.Equal("CREATE PROCEDURAL LANGUAGE plx HANDLER public.plx_call;\n", block.Sql);
    }

    [Theory]
    [InlineData('t', "CREATE ACCESS METHOD \"heap 2\" TYPE TABLE HANDLER public.heap2_handler;\n")]
    [InlineData('i', "CREATE ACCESS METHOD \"heap 2\" TYPE INDEX HANDLER public.heap2_handler;\n")]
    public void An_access_method_is_a_table_or_an_index_method(char type, string expected)
    {
        var block = AccessMethodEmitter.Emit(new AccessMethodRecord(Oid, "heap 2", type, "public.heap2_handler", EmitContexts.Nothing(CatalogId.PgAm, Oid)), EmitContexts.For());
        Assert.Equal(expected, block.Sql);
        Assert.Equal("DROP ACCESS METHOD \"heap 2\";\n", block.DropSql);
    }

    [Fact]
    public void An_access_methods_comment_is_left_out_under_no_comments()
    {
        var method = new AccessMethodRecord(Oid, "am", 'i', "h", EmitContexts.Comment(CatalogId.PgAm, Oid, "c"));
        Assert.EndsWith("COMMENT ON ACCESS METHOD am IS 'c';\n", AccessMethodEmitter.Emit(method, EmitContexts.For()).Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("COMMENT", AccessMethodEmitter.Emit(method, EmitContexts.For(new DumpOptions { NoComments = true })).Sql, StringComparison.Ordinal);
    }

    private static LanguageRecord Language(bool trusted, string? inline, string? validator) =>
        new(Oid, "plx", trusted, "public.plx_call", inline, validator, "alice", ["alice=U/alice", "=U/alice", "bob=U/alice"], ["alice=U/alice", "=U/alice"],
            EmitContexts.Nothing(CatalogId.PgLanguage, Oid));
}
