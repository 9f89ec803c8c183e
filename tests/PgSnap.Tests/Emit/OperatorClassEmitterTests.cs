using PgSnap.Ddl;
using PgSnap.Emit;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>CREATE OPERATOR CLASS / FAMILY text, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class OperatorClassEmitterTests
{
    private static readonly Quoting s_quoting = new(["user"], quoteAll: false);

    private static OperatorClassRow Class(string? storage) =>
        new(1, "s", "bare_ops", "o", "btree", "integer", Default: false, storage, "s", "fam", 2);

    [Fact]
    public void A_class_without_members_or_storage_gets_storage_of_its_own_type_instead_of_a_dangling_AS()
    {
        var sql = OperatorClassEmitter.CreateClass(s_quoting, Class(null), []);

        Assert.Equal("CREATE OPERATOR CLASS s.bare_ops FOR TYPE integer USING btree FAMILY s.fam AS\n    STORAGE integer;\n", sql);
    }

    [Fact]
    public void A_class_with_only_a_storage_type_keeps_it()
    {
        var sql = OperatorClassEmitter.CreateClass(s_quoting, Class("bigint"), []);

        Assert.EndsWith(" AS\n    STORAGE bigint;\n", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_comes_before_the_members_and_a_default_class_says_so()
    {
        var row = Class("bigint") with { Default = true, Schema = "user" };

        var sql = OperatorClassEmitter.CreateClass(s_quoting, row, ["OPERATOR 1 <(integer,integer)", "FUNCTION 1 (integer, integer) s.cmp(integer,integer)"]);

        Assert.Equal(
            "CREATE OPERATOR CLASS \"user\".bare_ops\n    DEFAULT FOR TYPE integer USING btree FAMILY s.fam AS\n    STORAGE bigint,\n    OPERATOR 1 <(integer,integer),\n    FUNCTION 1 (integer, integer) s.cmp(integer,integer);\n",
            sql);
    }

    [Fact]
    public void A_family_is_created_on_its_own_and_its_loose_members_are_added_to_it()
    {
        var family = new OperatorFamilyRow(2, "s", "fam", "o", "hash");

        Assert.Equal("CREATE OPERATOR FAMILY s.fam USING hash;\n", OperatorClassEmitter.CreateFamily(s_quoting, family));
        Assert.Equal(string.Empty, OperatorClassEmitter.AddLooseMembers(s_quoting, family, []));
        Assert.Equal(
            "ALTER OPERATOR FAMILY s.fam USING hash ADD\n    OPERATOR 1 =(integer,bigint),\n    FUNCTION 1 (integer, integer) hashint4(integer);\n",
            OperatorClassEmitter.AddLooseMembers(s_quoting, family, ["OPERATOR 1 =(integer,bigint)", "FUNCTION 1 (integer, integer) hashint4(integer)"]));
    }
}
