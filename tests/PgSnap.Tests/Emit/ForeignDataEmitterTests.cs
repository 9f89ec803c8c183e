using PgSnap.Catalog.Coverage;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>Foreign-data wrapper, server and user mapping blocks from records, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class ForeignDataEmitterTests
{
    private const uint WrapperOid = 40301;
    private const uint ServerOid = 40302;

    [Fact]
    public void A_wrapper_without_handler_or_validator_says_no_validator()
    {
        var block = ForeignDataEmitter.EmitWrapper(Wrapper(), EmitContexts.For());
        Assert.Equal("CREATE FOREIGN DATA WRAPPER fdw NO VALIDATOR;\nALTER FOREIGN DATA WRAPPER fdw OWNER TO alice;\n", block.Sql);
        Assert.Equal(DumpSection.PreData, block.Section);
    }

    [Fact]
    public void A_wrapper_with_handler_validator_and_options()
    {
        var w = Wrapper() with { Handler = "public.h", Validator = "public.v", Options = ["debug=true", "Mode=x y"] };
        Assert.StartsWith(
            "CREATE FOREIGN DATA WRAPPER fdw HANDLER public.h VALIDATOR public.v OPTIONS (\n    debug 'true',\n    \"Mode\" 'x y'\n);\n",
            ForeignDataEmitter.EmitWrapper(w, EmitContexts.For()).Sql,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrapper_grant_beyond_the_default_is_written_unless_no_acl()
    {
        var w = Wrapper() with { Acl = ["alice=U/alice", "bob=U/alice"], InitialAcl = ["alice=U/alice"] };
        Assert.Contains(" ON FOREIGN DATA WRAPPER fdw TO bob;\n", ForeignDataEmitter.EmitWrapper(w, EmitContexts.For()).Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("GRANT", ForeignDataEmitter.EmitWrapper(w, EmitContexts.For(new DumpOptions { NoAcl = true })).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_with_type_version_options_and_mappings()
    {
        var s = Server() with
        {
            Type = "pg",
            Version = "15",
            Options = ["host=db"],
            Mappings = [new UserMappingRecord(40310, "public", null), new UserMappingRecord(40311, "User", ["user=u"])],
        };
        var blocks = ForeignDataEmitter.EmitServer(s, EmitContexts.For()).ToList();
        Assert.Equal(3, blocks.Count);
        Assert.Equal(
            "CREATE SERVER \"select\" TYPE 'pg' VERSION '15' FOREIGN DATA WRAPPER fdw OPTIONS (\n    host 'db'\n);\nALTER SERVER \"select\" OWNER TO alice;\n",
            blocks[0].Sql);
        Assert.Equal([new CatalogId(CatalogId.PgForeignDataWrapper, WrapperOid)], blocks[0].DependsOn);
        Assert.Equal("CREATE USER MAPPING FOR PUBLIC SERVER \"select\";\n", blocks[1].Sql);
        Assert.Equal("USER MAPPING public SERVER select", blocks[1].Name);
        Assert.Equal("CREATE USER MAPPING FOR \"User\" SERVER \"select\" OPTIONS (\n    \"user\" 'u'\n);\n", blocks[2].Sql);
        Assert.Equal([blocks[0].Id], blocks[2].DependsOn);
        Assert.Equal("DROP USER MAPPING FOR \"User\" SERVER \"select\";\n", blocks[2].DropSql);
    }

    [Fact]
    public void If_exists_reaches_servers_and_mappings()
    {
        var s = Server() with { Mappings = [new UserMappingRecord(40310, "public", null)] };
        var blocks = ForeignDataEmitter.EmitServer(s, EmitContexts.For(new DumpOptions { IfExists = true })).ToList();
        Assert.Equal("DROP SERVER IF EXISTS \"select\";\n", blocks[0].DropSql);
        Assert.Equal("DROP USER MAPPING IF EXISTS FOR PUBLIC SERVER \"select\";\n", blocks[1].DropSql);
    }

    [Fact]
    public void Comments_are_recorded_and_no_owner_drops_the_owner()
    {
        var context = EmitContexts.For(new DumpOptions { NoOwner = true });
        var w = Wrapper() with { Description = EmitContexts.Comment(CatalogId.PgForeignDataWrapper, WrapperOid, "w") };
        var s = Server() with { Description = EmitContexts.Comment(CatalogId.PgForeignServer, ServerOid, "s") };
        Assert.Equal("CREATE FOREIGN DATA WRAPPER fdw NO VALIDATOR;\nCOMMENT ON FOREIGN DATA WRAPPER fdw IS 'w';\n", ForeignDataEmitter.EmitWrapper(w, context).Sql);
        Assert.EndsWith("COMMENT ON SERVER \"select\" IS 's';\n", ForeignDataEmitter.EmitServer(s, context).Single().Sql, StringComparison.Ordinal);
        Assert.Contains(new CatalogKey(CatalogId.PgForeignDataWrapper, WrapperOid), context.EmittedComments);
        Assert.Contains(new CatalogKey(CatalogId.PgForeignServer, ServerOid), context.EmittedComments);
    }

    private static ForeignDataWrapperRecord Wrapper() =>
        new(WrapperOid, "fdw", "alice", null, null, null, null, null, EmitContexts.Nothing(CatalogId.PgForeignDataWrapper, WrapperOid));

    private static ForeignServerRecord Server() =>
        new(ServerOid, "select", "alice", WrapperOid, "fdw", null, null, null, null, null, EmitContexts.Nothing(CatalogId.PgForeignServer, ServerOid), []);
}
