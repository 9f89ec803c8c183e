using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>CREATE OPERATOR blocks, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class OperatorEmitterTests
{
    private const uint Oid = 40600;

    [Fact]
    public void A_binary_operator_names_every_property_it_has()
    {
        var op = Operator("integer", "integer") with
        {
            Commutator = new OperatorName("Other", "==="),
            Negator = new OperatorName("My Ops", "!=="),
            Restrict = "eqsel",
            Join = "eqjoinsel",
            Hashes = true,
            Merges = true,
        };
        var block = OperatorEmitter.Emit(op, EmitContexts.For());
        Assert.Equal(
            "CREATE OPERATOR \"My Ops\".=== (\n    FUNCTION = public.eq3,\n    LEFTARG = integer,\n    RIGHTARG = integer,\n"
            + "    COMMUTATOR = OPERATOR(\"Other\".===),\n    NEGATOR = OPERATOR(\"My Ops\".!==),\n    RESTRICT = eqsel,\n    JOIN = eqjoinsel,\n    HASHES,\n    MERGES\n);\n"
            + "ALTER OPERATOR \"My Ops\".=== (integer, integer) OWNER TO alice;\n",
            block.Sql);
        Assert.Equal("===(integer, integer)", block.Name);
        Assert.Equal("DROP OPERATOR \"My Ops\".=== (integer, integer);\n", block.DropSql);
    }

    [Fact]
    public void A_prefix_operator_has_no_left_argument_and_is_named_with_none()
    {
        var op = Operator(null, "bigint") with { Description = EmitContexts.Comment(CatalogId.PgOperator, Oid, "neg") };
        var block = OperatorEmitter.Emit(op, EmitContexts.For(new DumpOptions { NoOwner = true, IfExists = true }));
        Assert.Equal(
            "CREATE OPERATOR \"My Ops\".=== (\n    FUNCTION = public.eq3,\n    RIGHTARG = bigint\n);\nCOMMENT ON OPERATOR \"My Ops\".=== (NONE, bigint) IS 'neg';\n",
            block.Sql);
        Assert.Equal("DROP OPERATOR IF EXISTS \"My Ops\".=== (NONE, bigint);\n", block.DropSql);
        Assert.DoesNotContain("COMMENT", OperatorEmitter.Emit(op, EmitContexts.For(new DumpOptions { NoComments = true })).Sql, StringComparison.Ordinal);
    }

    private static OperatorRecord Operator(string? left, string? right) =>
        new(Oid, "My Ops", "===", "alice", left, right, "public.eq3", null, null, null, null, false, false, EmitContexts.Nothing(CatalogId.PgOperator, Oid));
}
