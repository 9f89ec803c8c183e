using PgSnap.Catalog.Coverage;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>ALTER DEFAULT PRIVILEGES and large object metadata blocks, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class DefaultAclAndLargeObjectEmitterTests
{
    [Fact]
    public void A_per_schema_entry_adds_grants_in_that_schema()
    {
        var entry = new DefaultAclRecord(40500, "alice", "App Data", 'r', ["bob=r/alice"], null);
        var block = DefaultAclEmitter.Emit(entry, EmitContexts.For())!;
        Assert.Equal("ALTER DEFAULT PRIVILEGES FOR ROLE alice IN SCHEMA \"App Data\" GRANT SELECT ON TABLES TO bob;\n", block.Sql);
        Assert.Equal(DumpSection.PostData, block.Section);
        Assert.Equal("DEFAULT PRIVILEGES FOR TABLES", block.Name);
        Assert.Null(block.DropSql);
    }

    [Fact]
    public void A_global_entry_is_measured_against_the_built_in_defaults()
    {
        var entry = new DefaultAclRecord(40501, "alice", null, 'f', ["alice=X/alice"], ["=X/alice", "alice=X/alice"]);
        Assert.Equal("ALTER DEFAULT PRIVILEGES FOR ROLE alice REVOKE ALL ON FUNCTIONS FROM PUBLIC;\n", DefaultAclEmitter.Emit(entry, EmitContexts.For())!.Sql);
    }

    [Theory]
    [InlineData('S', "SEQUENCES")]
    [InlineData('T', "TYPES")]
    [InlineData('n', "SCHEMAS")]
    public void Every_object_type_has_its_keyword(char type, string keyword)
    {
        var entry = new DefaultAclRecord(40502, "alice", null, type, ["user=U/alice"], []);
        Assert.Contains(" ON " + keyword + " TO \"user\";", DefaultAclEmitter.Emit(entry, EmitContexts.For())!.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_under_no_acl_for_an_unknown_type_or_when_nothing_changes()
    {
        var entry = new DefaultAclRecord(40503, "alice", "s", 'r', ["bob=r/alice"], null);
        Assert.Null(DefaultAclEmitter.Emit(entry, EmitContexts.For(new DumpOptions { NoAcl = true })));
        Assert.Null(DefaultAclEmitter.Emit(entry with { ObjectType = 'L' }, EmitContexts.For()));
        Assert.Null(DefaultAclEmitter.Emit(entry with { Schema = null, Acl = ["alice=arwdDxt/alice"], BuiltInDefaults = ["alice=arwdDxt/alice"] }, EmitContexts.For()));
    }

    [Fact]
    public void Large_objects_are_created_owned_granted_and_commented_in_batches()
    {
        var los = Enumerable.Range(0, 1001).Select(i => LargeObject((uint)(2121 + i))).ToList();
        los[0] = los[0] with { Acl = ["alice=rw/alice", "bob=r/alice"], Description = EmitContexts.Comment(CatalogId.PgLargeObjectMetadata, 2121, "logo") };
        var context = EmitContexts.For();
        var entries = LargeObjectEmitter.Emit(los, DumpSection.PreData, context);
        Assert.Equal(2, entries.Count);
        Assert.Equal("2121..3120", entries[0].Name);
        Assert.Equal("3121", entries[1].Name);
        Assert.Equal("BLOB METADATA", entries[0].Kind);
        Assert.StartsWith(
            "SELECT pg_catalog.lo_create('2121');\nALTER LARGE OBJECT 2121 OWNER TO alice;\nGRANT SELECT ON LARGE OBJECT 2121 TO bob;\nCOMMENT ON LARGE OBJECT 2121 IS 'logo';\n"
            + "SELECT pg_catalog.lo_create('2122');\n",
            entries[0].Sql,
            StringComparison.Ordinal);
        Assert.Equal(1001, context.EmittedLargeObjects.Count);
        Assert.Contains(new CatalogKey(CatalogId.PgLargeObjectMetadata, 2121), context.Decorations.EmittedAcls);
    }

    [Fact]
    public void A_data_only_dump_puts_large_objects_in_the_data_section_and_no_owner_no_acl_apply()
    {
        var lo = LargeObject(7) with { Acl = ["alice=rw/alice", "bob=r/alice"] };
        var entry = Assert.Single(LargeObjectEmitter.Emit([lo], DumpSection.Data, EmitContexts.For(new DumpOptions { NoOwner = true, NoAcl = true })));
        Assert.Equal(DumpSection.Data, entry.Section);
        Assert.Equal("SELECT pg_catalog.lo_create('7');\n", entry.Sql);
        Assert.Empty(LargeObjectEmitter.Emit([], DumpSection.PreData, EmitContexts.For()));
    }

    private static LargeObjectRecord LargeObject(uint oid) =>
        new(oid, "alice", null, ["alice=rw/alice"], EmitContexts.Nothing(CatalogId.PgLargeObjectMetadata, oid));
}
