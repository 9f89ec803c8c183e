using PgSnap.Emit;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>What an inheritance child's CREATE TABLE says about columns its parents have, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class ColumnInheritanceTests
{
    private static ColumnRecord Column(string name, char generated = '\0', string? expression = null, char identity = '\0') =>
        new(1, 1, name, "integer", false, identity, generated, true, null, null, 'p', 'p', -1, null, null, null, expression, expression is null ? 0u : 9u, '\0', null);

    [Fact]
    public void A_table_without_parents_writes_its_generation_expression()
    {
        Assert.Equal(" GENERATED ALWAYS AS ((a * 2)) STORED", ColumnInheritance.GenerationClause(Column("b", 's', "(a * 2)"), []));
        Assert.Equal(" GENERATED ALWAYS AS ((a * 2))", ColumnInheritance.GenerationClause(Column("b", 'v', "(a * 2)"), []));
        Assert.Null(ColumnInheritance.GenerationClause(Column("b"), []));
    }

    [Fact]
    public void A_child_with_the_parents_expression_takes_it_from_the_parent()
    {
        var parent = Column("b", 's', "(a * 2)");

        Assert.Null(ColumnInheritance.GenerationClause(Column("b", 's', "(a * 2)"), [parent, Column("a")]));
    }

    [Fact]
    public void A_child_with_its_own_expression_writes_it()
    {
        var parents = new[] { Column("b", 's', "(a * 2)"), Column("b", 's', "(a * 3)") };

        Assert.Equal(" GENERATED ALWAYS AS ((a * 3)) STORED", ColumnInheritance.GenerationClause(Column("b", 's', "(a * 3)"), [parents[0]]));
        Assert.Equal(" GENERATED ALWAYS AS ((a * 3)) STORED", ColumnInheritance.GenerationClause(Column("b", 's', "(a * 3)"), parents));
    }

    [Fact]
    public void A_child_without_the_parents_default_drops_the_copied_one()
    {
        Assert.True(ColumnInheritance.NeedsDefaultNull(Column("a"), [Column("a", expression: "7")]));
        Assert.False(ColumnInheritance.NeedsDefaultNull(Column("a", expression: "8"), [Column("a", expression: "7")]));
        Assert.False(ColumnInheritance.NeedsDefaultNull(Column("a"), [Column("a")]));
        Assert.False(ColumnInheritance.NeedsDefaultNull(Column("a"), [Column("a", 's', "(c + 1)")]));
        Assert.False(ColumnInheritance.NeedsDefaultNull(Column("a", identity: 'd'), [Column("a", expression: "7")]));
        Assert.False(ColumnInheritance.NeedsDefaultNull(Column("a"), [Column("b", expression: "7")]));
    }

    [Fact]
    public void Parents_with_different_defaults_conflict()
    {
        Assert.True(ColumnInheritance.ParentDefaultsConflict(Column("a", expression: "3"), [Column("a", expression: "1"), Column("a", expression: "2")]));
        Assert.False(ColumnInheritance.ParentDefaultsConflict(Column("a", expression: "3"), [Column("a", expression: "1"), Column("a", expression: "1")]));
        Assert.False(ColumnInheritance.ParentDefaultsConflict(Column("a", expression: "3"), [Column("a", expression: "1"), Column("a")]));
    }
}
