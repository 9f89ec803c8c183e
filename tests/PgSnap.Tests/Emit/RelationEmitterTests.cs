using PgSnap.Catalog;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;
using static PgSnap.Tests.Emit.RelationRecords;

namespace PgSnap.Tests.Emit;

/// <summary>
/// The relation set written into a plan: each kind by its emitter, the blocks that follow ancestors' constraints,
/// the data-section tables and sequence values, without a server.
/// </summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class RelationEmitterTests
{
    private const uint ParentOid = 17000;
    private const uint ChildOid = 17001;
    private const uint SeqOid = 17002;

    [Fact]
    public void Every_relation_is_known_to_later_steps_and_written_in_order()
    {
        var plan = Plan(Set());
        Assert.Equal([ParentOid, ChildOid, SeqOid], plan.Relations.Keys);
        Assert.Equal("public.\"Child\"", plan.Relations[ChildOid].Qualified);
        Assert.Equal(
            [(CatalogId.PgConstraint, 110u), (CatalogId.PgConstraint, 101u), (CatalogId.PgClass, ParentOid), (CatalogId.PgClass, ChildOid), (CatalogId.PgClass, SeqOid),
                (CatalogId.PgConstraint, 102u), (CatalogId.PgConstraint, 111u)],
            plan.Objects.Select(o => (o.Id.ClassId, o.Id.ObjectId)));
    }

    [Fact]
    public void An_inherited_not_valid_checks_comment_follows_its_ancestors_copy()
    {
        var comment = Plan(Set()).Objects.Single(o => o.Kind == "COMMENT");
        Assert.Equal("COMMENT ON CONSTRAINT c ON public.\"Child\" IS 'copy';\n", comment.Sql);
        Assert.Equal([new CatalogId(CatalogId.PgClass, ChildOid), new CatalogId(CatalogId.PgConstraint, 101)], comment.DependsOn);
    }

    [Fact]
    public void A_not_null_only_ancestors_make_is_validated_after_them()
    {
        var block = Plan(Set()).Objects.Single(o => o.Id == new CatalogId(CatalogId.PgConstraint, 111));
        Assert.Equal("ALTER TABLE public.\"Child\" VALIDATE CONSTRAINT child_a_not_null;\n", block.Sql);
        Assert.Equal([new CatalogId(CatalogId.PgClass, ChildOid), new CatalogId(CatalogId.PgConstraint, 110)], block.DependsOn);
    }

    [Fact]
    public void An_unvalidated_not_null_copy_writes_only_its_comment()
    {
        var set = Set();
        var child = set.Columns[ChildOid][0];
        var notValid = child with { NotNullConstraint = child.NotNullConstraint! with { Validated = false, Description = EmitContexts.Comment(CatalogId.PgConstraint, 111, "nn") } };
        var plan = Plan(set with { Columns = new Dictionary<uint, IReadOnlyList<ColumnRecord>> { [ParentOid] = set.Columns[ParentOid], [ChildOid] = [notValid] } });
        Assert.Equal(["COMMENT", "COMMENT"], plan.Objects.Skip(5).Select(o => o.Kind));
        Assert.Equal("COMMENT ON CONSTRAINT child_a_not_null ON public.\"Child\" IS 'nn';\n", plan.Objects[^1].Sql);
    }

    [Fact]
    public void Table_data_lists_copyable_columns_and_sequence_values_follow_the_relations()
    {
        var plan = Plan(Set());
        Assert.Equal(
            [
                new TableDataEntry("public", "Child", "postgres", "public.\"Child\"", "a, \"Select\"", ChildOid, -1, 0, 8192, true),
                new TableDataEntry("ext", "config", "postgres", "ext.config", "k", 17005, 10, 1, 8192, false, "WHERE NOT system"),
            ],
            plan.TableData);
        Assert.Equal(
            ["SELECT pg_catalog.setval('public.s', 5, true);\n", "SELECT pg_catalog.setval('ext.config_seq', 1, false);\n"],
            plan.SequenceValues.Select(v => v.Sql));
        Assert.Equal([SeqOid, 17006u], plan.SequenceValueOids);
    }

    private static PlanBuilder Plan(RelationSet set)
    {
        var plan = new PlanBuilder();
        RelationEmitter.AddTo(plan, set, EmitContexts.For());
        return plan;
    }

    private static RelationSet Set()
    {
        var parent = Relation("parent", oid: ParentOid);
        var child = Relation("Child", oid: ChildOid) with
        {
            Parents = [ParentOid],
            ParentNames = [new QualifiedRelationName("public", "parent")],
            RelTuples = -1,
            SizeBytes = 8192,
        };
        var seq = Relation("s", 'S', oid: SeqOid);
        var parentColumn = Column("a", relOid: ParentOid) with { NotNull = true, NotNullConstraint = new NotNullConstraintRecord(110, "parent_a_not_null", false, true, false) };
        var childColumn = Column("a", relOid: ChildOid) with
        {
            IsLocal = false,
            NotNull = true,
            NotNullConstraint = new NotNullConstraintRecord(111, "child_a_not_null", false, false, true)
            {
                MadeByAncestorsAfterData = true,
                Ancestors = [new CatalogId(CatalogId.PgConstraint, 110)],
            },
        };
        var parentCheck = new CheckConstraintRecord(101, ParentOid, "c", "CHECK ((a > 0)) NOT VALID", false, true);
        var childCheck = new CheckConstraintRecord(102, ChildOid, "c", "CHECK ((a > 0)) NOT VALID", false, false)
        {
            Description = EmitContexts.Comment(CatalogId.PgConstraint, 102, "copy"),
            Ancestors = [new CatalogId(CatalogId.PgConstraint, 101)],
        };
        var sequence = new SequenceRecord(SeqOid, "bigint", 1, 1, long.MaxValue, 1, 1, false, null, null, 5, true, "public", "s");
        var configSequence = new SequenceRecord(17006, "bigint", 1, 1, long.MaxValue, 1, 1, false, null, null, 1, false, "ext", "config_seq");
        return new RelationSet(
            [parent, child, seq],
            new Dictionary<uint, IReadOnlyList<ColumnRecord>> { [ParentOid] = [parentColumn], [ChildOid] = [childColumn] },
            [parentCheck, childCheck],
            new Dictionary<uint, SequenceRecord> { [SeqOid] = sequence },
            [
                new TableDataRecord(ChildOid, "public", "Child", "postgres", ["a", "Select"], -1, 0, 8192, Created: true),
                new TableDataRecord(17005, "ext", "config", "postgres", ["k"], 10, 1, 8192, Created: false, "WHERE NOT system"),
            ],
            [configSequence]);
    }
}
