using PgSnap.Catalog.Coverage;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>CREATE CAST blocks from records, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class CastEmitterTests
{
    private const uint Oid = 40001;

    [Fact]
    public void A_function_cast_names_its_function_and_context()
    {
        var cast = Record('f', "public.to_money(integer)", 'a', EmitContexts.Nothing(CatalogId.PgCast, Oid));
        var block = CastEmitter.Emit(cast, EmitContexts.For());
        Assert.Equal("CREATE CAST (integer AS public.money2) WITH FUNCTION public.to_money(integer) AS ASSIGNMENT;\n", block.Sql);
        Assert.Equal("CAST (integer AS public.money2)", block.Name);
        Assert.Equal(DumpSection.PreData, block.Section);
    }

    [Theory]
    [InlineData('i', 'i', "CREATE CAST (integer AS public.money2) WITH INOUT AS IMPLICIT;\n")]
    [InlineData('b', 'e', "CREATE CAST (integer AS public.money2) WITHOUT FUNCTION;\n")]
    public void Inout_and_binary_casts_have_no_function(char method, char context, string expected) =>
        Assert.Equal(expected, CastEmitter.Emit(Record(method, null, context, EmitContexts.Nothing(CatalogId.PgCast, Oid)), EmitContexts.For()).Sql);

    [Fact]
    public void A_comment_is_written_and_recorded_for_the_coverage_audit()
    {
        var context = EmitContexts.For();
        var block = CastEmitter.Emit(Record('b', null, 'e', EmitContexts.Comment(CatalogId.PgCast, Oid, "it's cheap")), context);
        Assert.EndsWith("COMMENT ON CAST (integer AS public.money2) IS 'it''s cheap';\n", block.Sql, StringComparison.Ordinal);
        Assert.Contains(new CatalogKey(CatalogId.PgCast, Oid), context.EmittedComments);
    }

    [Fact]
    public void No_comments_leaves_the_comment_out()
    {
        var block = CastEmitter.Emit(Record('b', null, 'e', EmitContexts.Comment(CatalogId.PgCast, Oid, "x")), EmitContexts.For(new DumpOptions { NoComments = true }));
        Assert.DoesNotContain("COMMENT", block.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_with_if_exists_drops_it_safely_and_dependencies_travel()
    {
        var dependency = new CatalogId(CatalogId.PgCast, 40002);
        var cast = Record('f', "public.f(integer)", 'e', EmitContexts.Nothing(CatalogId.PgCast, Oid)) with { DependsOn = [dependency] };
        var block = CastEmitter.Emit(cast, EmitContexts.For(new DumpOptions { IfExists = true }));
        Assert.Equal("DROP CAST IF EXISTS (integer AS public.money2);\n", block.DropSql);
        Assert.Equal([dependency], block.DependsOn);
    }

    private static CastRecord Record(char method, string? function, char context, Description description) =>
        new(Oid, "integer", "public.money2", method, function, context, description, []);
}
