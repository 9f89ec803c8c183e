using PgSnap.Catalog;
using PgSnap.Catalog.Coverage;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>CREATE PUBLICATION and ALTER PUBLICATION … ADD blocks from records, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class PublicationEmitterTests
{
    private const uint PubOid = 40201;
    private const uint RelOid = 40210;

    private static readonly Dictionary<uint, RelationInfo> Relations = new()
    {
        [RelOid] = new RelationInfo(RelOid, "app", "Orders", 'r', "alice", "app.\"Orders\"", false, true),
    };

    [Fact]
    public void A_publication_lists_what_it_publishes_then_its_owner()
    {
        var blocks = PublicationEmitter.Emit(Set(Publication()), Relations, EmitContexts.For());
        var block = Assert.Single(blocks);
        Assert.Equal("CREATE PUBLICATION pub WITH (publish = 'insert, update, delete, truncate');\nALTER PUBLICATION pub OWNER TO alice;\n", block.Sql);
        Assert.Equal(DumpSection.PostData, block.Section);
    }

    [Fact]
    public void All_tables_some_operations_via_root_and_generated_columns()
    {
        var p = Publication() with { AllTables = true, Update = false, Truncate = false, ViaRoot = true, StoredGenerated = true };
        Assert.StartsWith(
            "CREATE PUBLICATION pub FOR ALL TABLES WITH (publish = 'insert, delete', publish_via_partition_root = true, publish_generated_columns = stored);\n",
            PublicationEmitter.Emit(Set(p), Relations, EmitContexts.For()).Single().Sql,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_publication_not_created_still_gets_its_tables_and_schemas()
    {
        var set = new PublicationSet(
            [Publication() with { Name = "user", Create = false }],
            [new PublicationTableRecord(40220, PubOid, RelOid, null, null)],
            [new PublicationSchemaRecord(40230, PubOid, "Sales")]);
        var blocks = PublicationEmitter.Emit(set, Relations, EmitContexts.For());
        Assert.Equal(2, blocks.Count);
        Assert.Equal("ALTER PUBLICATION \"user\" ADD TABLE ONLY app.\"Orders\";\n", blocks[0].Sql);
        Assert.Equal([new CatalogId(CatalogId.PgPublication, PubOid), new CatalogId(CatalogId.PgClass, RelOid)], blocks[0].DependsOn);
        Assert.Equal("user Orders", blocks[0].Name);
        Assert.Equal("ALTER PUBLICATION \"user\" ADD TABLES IN SCHEMA \"Sales\";\n", blocks[1].Sql);
        Assert.Equal([new CatalogId(CatalogId.PgPublication, PubOid)], blocks[1].DependsOn);
        Assert.Equal("Sales", blocks[1].Schema);
    }

    [Fact]
    public void A_table_with_a_column_list_and_a_row_filter()
    {
        var set = new PublicationSet([Publication() with { Create = false }], [new PublicationTableRecord(40220, PubOid, RelOid, ["id", "Total"], "(id > 0)")], []);
        Assert.Equal(
            "ALTER PUBLICATION pub ADD TABLE ONLY app.\"Orders\" (id, \"Total\") WHERE ((id > 0));\n",
            PublicationEmitter.Emit(set, Relations, EmitContexts.For()).Single().Sql);
    }

    [Fact]
    public void No_owner_no_comments_and_clean()
    {
        var p = Publication() with { Description = EmitContexts.Comment(CatalogId.PgPublication, PubOid, "x") };
        var block = PublicationEmitter.Emit(Set(p), Relations, EmitContexts.For(new DumpOptions { NoOwner = true, NoComments = true, IfExists = true })).Single();
        Assert.Equal("CREATE PUBLICATION pub WITH (publish = 'insert, update, delete, truncate');\n", block.Sql);
        Assert.Equal("DROP PUBLICATION IF EXISTS pub;\n", block.DropSql);
    }

    [Fact]
    public void A_comment_is_recorded_for_the_coverage_audit()
    {
        var context = EmitContexts.For();
        var p = Publication() with { Description = EmitContexts.Comment(CatalogId.PgPublication, PubOid, "feed") };
        Assert.EndsWith("COMMENT ON PUBLICATION pub IS 'feed';\n", PublicationEmitter.Emit(Set(p), Relations, context).Single().Sql, StringComparison.Ordinal);
        Assert.Contains(new CatalogKey(CatalogId.PgPublication, PubOid), context.EmittedComments);
    }

    private static PublicationSet Set(PublicationRecord p) => new([p], [], []);

    private static PublicationRecord Publication() =>
        new(PubOid, "pub", "alice", true, false, true, true, true, true, false, false, EmitContexts.Nothing(CatalogId.PgPublication, PubOid));
}
