using PgSnap.Ddl;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>The privileges-only blocks of objects a dump does not create, written without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class AclOnlyEmitterTests
{
    private static readonly Quoting s_quoting = new(["select", "table"], quoteAll: false);

    private static AclOnlyObject Function(string[]? acl, string[]? initial, uint extension = 16500) => new(
        new CatalogId(CatalogId.PgProc, 16600), "FUNCTION", "extensions", "digest", "text, text", "postgres", acl, initial,
        ["=X/postgres", "postgres=X/postgres"], extension, []);

    [Fact]
    public void A_member_function_gets_a_block_keyed_by_its_own_row_that_waits_for_its_extension()
    {
        var block = AclOnlyEmitter.Emit(Function(["postgres=X/postgres", "app=X/postgres"], null), new EmitContext(s_quoting, new DumpOptions()));

        Assert.NotNull(block);
        Assert.Equal(new CatalogId(CatalogId.PgProc, 16600), block.Id);
        Assert.Equal("ACL", block.Kind);
        Assert.Equal("FUNCTION digest(text, text)", block.Name);
        Assert.Equal(DumpSection.PreData, block.Section);
        Assert.Equal([new CatalogId(CatalogId.PgExtension, 16500)], block.DependsOn);
        Assert.Equal(
            "REVOKE ALL ON FUNCTION extensions.digest(text, text) FROM PUBLIC;\nGRANT EXECUTE ON FUNCTION extensions.digest(text, text) TO app;\n",
            block.Sql);
    }

    [Fact]
    public void The_baseline_is_pg_init_privs_when_it_has_a_row()
    {
        // The extension script revoked EXECUTE from PUBLIC; the user granted it to one role since.
        var block = AclOnlyEmitter.Emit(
            Function(["postgres=X/postgres", "app=X/postgres"], ["postgres=X/postgres"]), new EmitContext(s_quoting, new DumpOptions()));

        Assert.Equal("GRANT EXECUTE ON FUNCTION extensions.digest(text, text) TO app;\n", block!.Sql);
    }

    [Fact]
    public void A_null_acl_with_a_pg_init_privs_row_stands_for_the_default()
    {
        var block = AclOnlyEmitter.Emit(Function(null, ["postgres=X/postgres"]), new EmitContext(s_quoting, new DumpOptions()));

        Assert.Equal("GRANT EXECUTE ON FUNCTION extensions.digest(text, text) TO PUBLIC;\n", block!.Sql);
    }

    [Fact]
    public void Unchanged_privileges_and_no_acl_give_no_block()
    {
        Assert.Null(AclOnlyEmitter.Emit(Function(["postgres=X/postgres"], ["postgres=X/postgres"]), new EmitContext(s_quoting, new DumpOptions())));
        Assert.Null(AclOnlyEmitter.Emit(Function(null, null), new EmitContext(s_quoting, new DumpOptions())));
        Assert.Null(AclOnlyEmitter.Emit(Function(["postgres=X/postgres", "app=X/postgres"], null), new EmitContext(s_quoting, new DumpOptions { NoAcl = true })));
    }

    [Fact]
    public void Catalog_table_columns_start_from_their_own_pg_init_privs_row_or_from_nothing()
    {
        var table = new AclOnlyObject(
            new CatalogId(CatalogId.PgClass, 6100), "TABLE", "pg_catalog", "pg_subscription", null, "postgres", ["postgres=arwdDxt/postgres"],
            ["postgres=arwdDxt/postgres"], ["postgres=arwdDxt/postgres"], 0,
            [new AclOnlyColumn("subname", [], ["=r/postgres"]), new AclOnlyColumn("select", ["reader=r/postgres"], null)]);

        var block = AclOnlyEmitter.Emit(table, new EmitContext(s_quoting, new DumpOptions()));

        Assert.Empty(block!.DependsOn);
        Assert.Equal(
            "REVOKE ALL(subname) ON TABLE pg_catalog.pg_subscription FROM PUBLIC;\nGRANT SELECT(\"select\") ON TABLE pg_catalog.pg_subscription TO reader;\n",
            block.Sql);
    }

    [Fact]
    public void A_grant_by_another_role_is_made_as_that_role_unless_no_owner()
    {
        var acl = new[] { "postgres=X/postgres", "lead=X*/postgres", "member=X/lead" };
        var withOwner = AclOnlyEmitter.Emit(Function(acl, null), new EmitContext(s_quoting, new DumpOptions()));
        var noOwner = AclOnlyEmitter.Emit(Function(acl, null), new EmitContext(s_quoting, new DumpOptions { NoOwner = true }));

        Assert.Contains("SET SESSION AUTHORIZATION lead;\nGRANT EXECUTE ON FUNCTION extensions.digest(text, text) TO member;\nRESET SESSION AUTHORIZATION;\n", withOwner!.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("SESSION AUTHORIZATION", noOwner!.Sql, StringComparison.Ordinal);
    }
}
