using PgSnap.Catalog.Coverage;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>Base types (with their SHELL TYPE block) and shell types, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class BaseTypeEmitterTests
{
    private const uint Oid = 41001;
    private const uint ArrayOid = 41002;

    [Fact]
    public void A_base_type_comes_after_its_shell_and_writes_every_option_it_has()
    {
        var type = Base() with
        {
            Length = 16,
            ByValue = true,
            Alignment = 'd',
            Storage = 'x',
            Category = 'N',
            Preferred = true,
            Default = "it's zero",
            Delimiter = ";",
            Functions = new BaseTypeFunctions("bt.t_in", "bt.t_out", "bt.t_recv", "bt.t_send", "bt.t_mod_in", "bt.t_mod_out", "bt.t_analyze", "bt.t_subscript"),
            Element = "integer",
            Collatable = true,
        };
        var blocks = BaseTypeEmitter.Emit(type, EmitContexts.For());
        Assert.Equal(2, blocks.Count);
        var (shell, block) = (blocks[0], blocks[1]);
        Assert.Equal("SHELL TYPE", shell.Kind);
        Assert.Equal(new CatalogId(BaseTypeEmitter.ShellTypeClass, Oid), shell.Id);
        Assert.Equal("CREATE TYPE \"My Types\".\"select\";\n", shell.Sql);
        Assert.Null(shell.DropSql);
        Assert.Equal(
            "CREATE TYPE \"My Types\".\"select\" (\n    INTERNALLENGTH = 16,\n    INPUT = bt.t_in,\n    OUTPUT = bt.t_out,\n    RECEIVE = bt.t_recv,\n"
            + "    SEND = bt.t_send,\n    TYPMOD_IN = bt.t_mod_in,\n    TYPMOD_OUT = bt.t_mod_out,\n    ANALYZE = bt.t_analyze,\n    SUBSCRIPT = bt.t_subscript,\n"
            + "    CATEGORY = 'N',\n    PREFERRED = true,\n    DEFAULT = 'it''s zero',\n    ELEMENT = integer,\n    DELIMITER = ';',\n"
            + "    ALIGNMENT = double,\n    STORAGE = extended,\n    PASSEDBYVALUE,\n    COLLATABLE = true\n);\n"
            + "ALTER TYPE \"My Types\".\"select\" OWNER TO alice;\n",
            block.Sql);
        Assert.Equal(("TYPE", "select", DumpSection.PreData, SortPriority.Type), (block.Kind, block.Name, block.Section, block.Priority));
        Assert.Equal(new CatalogId(CatalogId.PgType, Oid), block.Id);
        Assert.Equal([new CatalogId(CatalogId.PgType, ArrayOid)], block.Aliases);
    }

    [Fact]
    public void A_variable_length_type_writes_only_what_differs_from_the_defaults()
    {
        var block = BaseTypeEmitter.Emit(Base(), EmitContexts.For())[1];
        Assert.StartsWith(
            "CREATE TYPE \"My Types\".\"select\" (\n    INTERNALLENGTH = variable,\n    INPUT = bt.t_in,\n    OUTPUT = bt.t_out,\n    ALIGNMENT = int4,\n    STORAGE = plain\n);\n",
            block.Sql,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('c', 'e', "ALIGNMENT = char,\n    STORAGE = external\n")]
    [InlineData('s', 'm', "ALIGNMENT = int2,\n    STORAGE = main\n")]
    [InlineData('i', 'p', "ALIGNMENT = int4,\n    STORAGE = plain\n")]
    public void Alignment_and_storage_are_named(char alignment, char storage, string expected) =>
        Assert.Contains(expected, BaseTypeEmitter.Emit(Base() with { Alignment = alignment, Storage = storage }, EmitContexts.For())[1].Sql, StringComparison.Ordinal);

    [Fact]
    public void A_shell_type_is_one_statement_dropped_without_cascade()
    {
        var blocks = BaseTypeEmitter.Emit(Base() with { Type = 'p', ArrayType = 0 }, EmitContexts.For(new DumpOptions { IfExists = true }));
        var block = Assert.Single(blocks);
        Assert.Equal("CREATE TYPE \"My Types\".\"select\";\nALTER TYPE \"My Types\".\"select\" OWNER TO alice;\n", block.Sql);
        Assert.Equal("DROP TYPE IF EXISTS \"My Types\".\"select\";\n", block.DropSql);
        Assert.Empty(block.Aliases);
    }

    [Fact]
    public void A_base_type_is_dropped_with_cascade_which_takes_its_functions()
    {
        Assert.Equal("DROP TYPE \"My Types\".\"select\" CASCADE;\n", BaseTypeEmitter.Emit(Base(), EmitContexts.For())[1].DropSql);
        Assert.Equal("DROP TYPE IF EXISTS \"My Types\".\"select\" CASCADE;\n", BaseTypeEmitter.Emit(Base(), EmitContexts.For(new DumpOptions { IfExists = true }))[1].DropSql);
    }

    [Fact]
    public void Privileges_comment_and_labels_follow_and_are_recorded()
    {
        var type = Base() with
        {
            Acl = ["alice=U/alice", "bob=U/alice"],
            Description = new Description(new CatalogKey(CatalogId.PgType, Oid), "money's type", [new SecurityLabel("dummy", "secret")]),
        };
        var context = EmitContexts.For();
        var sql = BaseTypeEmitter.Emit(type, context)[1].Sql;
        Assert.EndsWith(
            "ALTER TYPE \"My Types\".\"select\" OWNER TO alice;\nREVOKE ALL ON TYPE \"My Types\".\"select\" FROM PUBLIC;\nGRANT USAGE ON TYPE \"My Types\".\"select\" TO bob;\n"
            + "COMMENT ON TYPE \"My Types\".\"select\" IS 'money''s type';\nSECURITY LABEL FOR dummy ON TYPE \"My Types\".\"select\" IS 'secret';\n",
            sql,
            StringComparison.Ordinal);
        Assert.Contains(new CatalogKey(CatalogId.PgType, Oid), context.EmittedComments);
        Assert.Contains(new CatalogKey(CatalogId.PgType, Oid), context.EmittedLabels);
        Assert.Contains(new CatalogKey(CatalogId.PgType, Oid), context.Decorations.EmittedAcls);
    }

    [Fact]
    public void No_owner_no_acl_and_no_comments_leave_only_the_create()
    {
        var type = Base() with { Acl = ["alice=U/alice", "bob=U/alice"], Description = EmitContexts.Comment(CatalogId.PgType, Oid, "x") };
        var context = EmitContexts.For(new DumpOptions { NoOwner = true, NoAcl = true, NoComments = true });
        var sql = BaseTypeEmitter.Emit(type, context)[1].Sql;
        Assert.EndsWith("    STORAGE = plain\n);\n", sql, StringComparison.Ordinal);

        // Left out on purpose under --no-acl, so the coverage audit still counts the ACL as handled.
        Assert.Contains(new CatalogKey(CatalogId.PgType, Oid), context.Decorations.EmittedAcls);
    }

    private static BaseTypeRecord Base() =>
        new(Oid, "My Types", "select", 'b', "alice", null, ["=U/alice", "alice=U/alice"], ArrayOid, -1, false, 'i', 'p', 'U', false, null, ",",
            new BaseTypeFunctions("bt.t_in", "bt.t_out", null, null, null, null, null, null), null, false, EmitContexts.Nothing(CatalogId.PgType, Oid));
}
