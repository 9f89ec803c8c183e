using PgSnap.Ddl;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>CREATE OPERATOR CLASS / FAMILY text, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class OperatorClassEmitterTests
{
    private static readonly Quoting s_quoting = new(["user"], quoteAll: false);

    private static OperatorClassRecord Class(string? storage) =>
        new(1, "s", "bare_ops", "o", "btree", "integer", Default: false, storage, "s", "fam", 2, [], EmitContexts.Nothing(CatalogId.PgOpclass, 1));

    [Fact]
    public void A_class_without_members_or_storage_gets_storage_of_its_own_type_instead_of_a_dangling_AS()
    {
        var sql = OperatorClassEmitter.CreateClass(s_quoting, Class(null));

        Assert.Equal("CREATE OPERATOR CLASS s.bare_ops FOR TYPE integer USING btree FAMILY s.fam AS\n    STORAGE integer;\n", sql);
    }

    [Fact]
    public void A_class_with_only_a_storage_type_keeps_it()
    {
        var sql = OperatorClassEmitter.CreateClass(s_quoting, Class("bigint"));

        Assert.EndsWith(" AS\n    STORAGE bigint;\n", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_comes_before_the_members_and_a_default_class_says_so()
    {
        var row = Class("bigint") with { Default = true, Schema = "user", Members = ["OPERATOR 1 <(integer,integer)", "FUNCTION 1 (integer, integer) s.cmp(integer,integer)"] };

        var sql = OperatorClassEmitter.CreateClass(s_quoting, row);

        Assert.Equal(
            "CREATE OPERATOR CLASS \"user\".bare_ops\n    DEFAULT FOR TYPE integer USING btree FAMILY s.fam AS\n    STORAGE bigint,\n    OPERATOR 1 <(integer,integer),\n    FUNCTION 1 (integer, integer) s.cmp(integer,integer);\n",
            sql);
    }

    [Fact]
    public void A_family_is_created_on_its_own_and_its_loose_members_are_added_to_it()
    {
        var family = new OperatorFamilyRecord(2, "s", "fam", "o", "hash", [], EmitContexts.Nothing(CatalogId.PgOpfamily, 2));

        Assert.Equal("CREATE OPERATOR FAMILY s.fam USING hash;\n", OperatorClassEmitter.CreateFamily(s_quoting, family));
        Assert.Equal(string.Empty, OperatorClassEmitter.AddLooseMembers(s_quoting, family));
        Assert.Equal(
            "ALTER OPERATOR FAMILY s.fam USING hash ADD\n    OPERATOR 1 =(integer,bigint),\n    FUNCTION 1 (integer, integer) hashint4(integer);\n",
            OperatorClassEmitter.AddLooseMembers(s_quoting, family with { LooseMembers = ["OPERATOR 1 =(integer,bigint)", "FUNCTION 1 (integer, integer) hashint4(integer)"] }));
    }

    [Fact]
    public void A_family_block_adds_its_loose_members_owner_and_comment_and_a_class_depends_on_its_family()
    {
        var family = new OperatorFamilyRecord(2, "My", "fam", "alice", "hash", ["OPERATOR 1 =(integer,bigint)"], EmitContexts.Comment(CatalogId.PgOpfamily, 2, "f"));
        var block = OperatorClassEmitter.EmitFamily(family, EmitContexts.For());
        Assert.Equal(
            "CREATE OPERATOR FAMILY \"My\".fam USING hash;\nALTER OPERATOR FAMILY \"My\".fam USING hash ADD\n    OPERATOR 1 =(integer,bigint);\n"
            + "ALTER OPERATOR FAMILY \"My\".fam USING hash OWNER TO alice;\nCOMMENT ON OPERATOR FAMILY \"My\".fam USING hash IS 'f';\n",
            block.Sql);
        Assert.Equal("DROP OPERATOR FAMILY \"My\".fam USING hash;\n", block.DropSql);
        Assert.Equal("fam USING hash", block.Name);

        var opclass = OperatorClassEmitter.EmitClass(Class(null), EmitContexts.For(new DumpOptions { NoOwner = true, IfExists = true }));
        Assert.Equal("CREATE OPERATOR CLASS s.bare_ops FOR TYPE integer USING btree FAMILY s.fam AS\n    STORAGE integer;\n", opclass.Sql);
        Assert.Equal("DROP OPERATOR CLASS IF EXISTS s.bare_ops USING btree;\n", opclass.DropSql);
        Assert.Equal([new CatalogId(CatalogId.PgOpfamily, 2)], opclass.DependsOn);
    }
}
