using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>ALTER … DEPENDS ON EXTENSION appended to the blocks the dump creates, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class ExtensionDependencyEmitterTests
{
    private const uint Extension = 40700;

    [Theory]
    [InlineData("FUNCTION", "My Schema", "f", "integer, text", null, "ALTER FUNCTION \"My Schema\".f(integer, text) DEPENDS ON EXTENSION \"my-ext\";\n")]
    [InlineData("PROCEDURE", "s", "p", "", null, "ALTER PROCEDURE s.p() DEPENDS ON EXTENSION \"my-ext\";\n")]
    [InlineData("TRIGGER", "s", "select", null, "Orders", "ALTER TRIGGER \"select\" ON s.\"Orders\" DEPENDS ON EXTENSION \"my-ext\";\n")]
    [InlineData("MATERIALIZED VIEW", "s", "mv", null, null, "ALTER MATERIALIZED VIEW s.mv DEPENDS ON EXTENSION \"my-ext\";\n")]
    [InlineData("INDEX", "s", "table", null, null, "ALTER INDEX s.\"table\" DEPENDS ON EXTENSION \"my-ext\";\n")]
    public void Each_kind_names_its_object_as_alter_does(string keyword, string schema, string name, string? arguments, string? table, string expected) =>
        Assert.Equal(expected, ExtensionDependencyEmitter.Statement(Record(new CatalogId(CatalogId.PgProc, 1), keyword, schema, name, arguments, table), EmitContexts.For()));

    [Fact]
    public void The_statement_goes_to_the_creating_block_which_then_waits_for_the_extension()
    {
        var id = new CatalogId(CatalogId.PgClass, 40701);
        var acl = Block(id, "ACL", "GRANT SELECT ON s.mv TO app;\n");
        var data = Block(id, "MATERIALIZED VIEW DATA", "REFRESH MATERIALIZED VIEW s.mv;\n");
        var view = Block(id, "MATERIALIZED VIEW", "CREATE MATERIALIZED VIEW s.mv AS SELECT 1;\n");
        var other = Block(new CatalogId(CatalogId.PgClass, 40702), "MATERIALIZED VIEW", "CREATE MATERIALIZED VIEW s.other AS SELECT 1;\n");
        var notDumped = Record(new CatalogId(CatalogId.PgClass, 40799), "MATERIALIZED VIEW", "s", "gone", null, null);

        ExtensionDependencyEmitter.Attach([Record(id, "MATERIALIZED VIEW", "s", "mv", null, null), notDumped], [acl, data, view, other], EmitContexts.For());

        Assert.Equal("CREATE MATERIALIZED VIEW s.mv AS SELECT 1;\nALTER MATERIALIZED VIEW s.mv DEPENDS ON EXTENSION \"my-ext\";\n", view.Sql);
        Assert.Equal([Extension], view.ExtensionDependencies);
        Assert.Contains(new CatalogId(CatalogId.PgExtension, Extension), view.DependsOn);
        Assert.Equal("GRANT SELECT ON s.mv TO app;\n", acl.Sql);
        Assert.Equal("REFRESH MATERIALIZED VIEW s.mv;\n", data.Sql);
        Assert.Equal("CREATE MATERIALIZED VIEW s.other AS SELECT 1;\n", other.Sql);
        Assert.Empty(other.DependsOn);
    }

    private static ExtensionDependencyRecord Record(CatalogId id, string keyword, string schema, string name, string? arguments, string? table) =>
        new(id, Extension, "my-ext", keyword, schema, name, arguments, table);

    private static DumpObject Block(CatalogId id, string kind, string sql) => new()
    {
        Id = id,
        Kind = kind,
        Schema = "s",
        Name = "mv",
        Owner = "alice",
        Section = DumpSection.PreData,
        Priority = SortPriority.Table,
        Sql = sql,
    };
}
