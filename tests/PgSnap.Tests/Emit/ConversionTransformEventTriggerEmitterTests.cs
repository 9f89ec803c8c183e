using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>CREATE CONVERSION, CREATE TRANSFORM and CREATE EVENT TRIGGER blocks, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class ConversionTransformEventTriggerEmitterTests
{
    private const uint Oid = 40400;

    [Theory]
    [InlineData(true, "CREATE DEFAULT CONVERSION \"My\".\"to\" FOR 'LATIN1' TO 'UTF8' FROM public.latin1_to_utf8;\n")]
    [InlineData(false, "CREATE CONVERSION \"My\".\"to\" FOR 'LATIN1' TO 'UTF8' FROM public.latin1_to_utf8;\n")]
    public void A_conversion_is_default_or_not(bool isDefault, string create)
    {
        var conversion = new ConversionRecord(Oid, "My", "to", "alice", "LATIN1", "UTF8", "public.latin1_to_utf8", isDefault, EmitContexts.Comment(CatalogId.PgConversion, Oid, "c"));
        var block = ConversionEmitter.Emit(conversion, EmitContexts.For());
        Assert.Equal(create + "ALTER CONVERSION \"My\".\"to\" OWNER TO alice;\nCOMMENT ON CONVERSION \"My\".\"to\" IS 'c';\n", block.Sql);
        Assert.Equal("DROP CONVERSION \"My\".\"to\";\n", block.DropSql);
        Assert.Equal(create, ConversionEmitter.Emit(conversion, EmitContexts.For(new DumpOptions { NoOwner = true, NoComments = true })).Sql);
    }

    [Theory]
    [InlineData("public.hs_from(internal)", "public.hs_to(internal)", "(FROM SQL WITH FUNCTION public.hs_from(internal), TO SQL WITH FUNCTION public.hs_to(internal))")]
    [InlineData("public.hs_from(internal)", null, "(FROM SQL WITH FUNCTION public.hs_from(internal))")]
    [InlineData(null, "public.hs_to(internal)", "(TO SQL WITH FUNCTION public.hs_to(internal))")]
    public void A_transform_names_whichever_functions_it_has(string? fromSql, string? toSql, string functions)
    {
        var transform = new TransformRecord(Oid, "public.hstore", "pl perl", fromSql, toSql, EmitContexts.Nothing(CatalogId.PgTransform, Oid));
        var block = TransformEmitter.Emit(transform, EmitContexts.For(new DumpOptions { IfExists = true }));
        Assert.Equal("CREATE TRANSFORM FOR public.hstore LANGUAGE \"pl perl\" " + functions + ";\n", block.Sql);
        Assert.Equal("DROP TRANSFORM IF EXISTS FOR public.hstore LANGUAGE \"pl perl\";\n", block.DropSql);
        Assert.Equal("public.hstore pl perl", block.Name);
    }

    [Fact]
    public void A_transforms_comment_names_type_and_language()
    {
        var transform = new TransformRecord(Oid, "integer", "plx", null, "public.t(internal)", EmitContexts.Comment(CatalogId.PgTransform, Oid, "t"));
        Assert.EndsWith("COMMENT ON TRANSFORM FOR integer LANGUAGE plx IS 't';\n", TransformEmitter.Emit(transform, EmitContexts.For()).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_trigger_with_tags_is_post_data_and_depends_on_its_function()
    {
        var trigger = EventTrigger('O', ["CREATE TABLE", "DROP TABLE"]);
        var block = EventTriggerEmitter.Emit(trigger, EmitContexts.For());
        Assert.Equal(
            "CREATE EVENT TRIGGER \"Audit\" ON ddl_command_end\n         WHEN TAG IN ('CREATE TABLE', 'DROP TABLE')\n   EXECUTE FUNCTION public.audit();\n"
            + "ALTER EVENT TRIGGER \"Audit\" OWNER TO alice;\n",
            block.Sql);
        Assert.Equal(DumpSection.PostData, block.Section);
        Assert.Equal([new CatalogId(CatalogId.PgProc, 40401)], block.DependsOn);
        Assert.Equal("DROP EVENT TRIGGER \"Audit\";\n", block.DropSql);
    }

    [Theory]
    [InlineData('D', "ALTER EVENT TRIGGER \"Audit\" DISABLE;\n")]
    [InlineData('R', "ALTER EVENT TRIGGER \"Audit\" ENABLE REPLICA;\n")]
    [InlineData('A', "ALTER EVENT TRIGGER \"Audit\" ENABLE ALWAYS;\n")]
    public void An_event_triggers_enabled_state_follows_its_create(char enabled, string alter)
    {
        var block = EventTriggerEmitter.Emit(EventTrigger(enabled, null), EmitContexts.For(new DumpOptions { NoOwner = true }));
        Assert.Equal("CREATE EVENT TRIGGER \"Audit\" ON ddl_command_end\n   EXECUTE FUNCTION public.audit();\n" + alter, block.Sql);
    }

    private static EventTriggerRecord EventTrigger(char enabled, string[]? tags) =>
        new(Oid, "Audit", "ddl_command_end", "alice", "public.audit", 40401, enabled, tags, EmitContexts.Nothing(CatalogId.PgEventTrigger, Oid));
}
