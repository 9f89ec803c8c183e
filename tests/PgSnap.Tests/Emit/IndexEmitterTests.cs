using PgSnap.Catalog;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>Key constraints, foreign keys, indexes and statistics objects from records, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class IndexEmitterTests
{
    private const uint Parent = 16800;
    private const uint Part = 16801;

    private static readonly Dictionary<uint, RelationInfo> Relations = new()
    {
        [Parent] = new RelationInfo(Parent, "public", "orders", 'p', "postgres", "public.orders", false, true),
        [Part] = new RelationInfo(Part, "public", "orders_1", 'r', "postgres", "public.orders_1", true, true),
    };

    [Fact]
    public void A_primary_key_carries_its_index_comment_cluster_and_replica_identity()
    {
        var pk = Key(30, Part, "orders_1_pkey", 'p', "PRIMARY KEY (id)", index: 40);
        var index = Index(40, Part, "orders_1_pkey", "CREATE UNIQUE INDEX orders_1_pkey ON public.orders_1 USING btree (id)") with
        {
            Clustered = true,
            ReplicaIdentity = true,
            Description = EmitContexts.Comment(CatalogId.PgClass, 40, "pk index"),
        };
        var block = Assert.Single(Emit(new IndexSet([pk], [index], [])));
        Assert.Equal(
            "ALTER TABLE ONLY public.orders_1\n    ADD CONSTRAINT orders_1_pkey PRIMARY KEY (id);\n" +
            "ALTER TABLE public.orders_1 CLUSTER ON orders_1_pkey;\nALTER TABLE ONLY public.orders_1 REPLICA IDENTITY USING INDEX orders_1_pkey;\n" +
            "COMMENT ON INDEX public.orders_1_pkey IS 'pk index';\n",
            block.Sql);
        Assert.Equal(("CONSTRAINT", DumpSection.PostData, "orders_1"), (block.Kind, block.Section, block.Table));
        Assert.Contains(new CatalogId(CatalogId.PgClass, 40), block.Aliases);
    }

    [Fact]
    public void A_foreign_key_on_a_partitioned_table_is_added_without_only()
    {
        var fk = Key(31, Parent, "orders_customer_fkey", 'f', "FOREIGN KEY (c) REFERENCES public.customers(id)");
        var block = Assert.Single(Emit(new IndexSet([fk], [], []), new DumpOptions { IfExists = true }));
        Assert.Equal("ALTER TABLE public.orders\n    ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (c) REFERENCES public.customers(id);\n", block.Sql);
        Assert.Equal("FK CONSTRAINT", block.Kind);
        Assert.Equal("ALTER TABLE IF EXISTS public.orders DROP CONSTRAINT IF EXISTS orders_customer_fkey;\n", block.DropSql);
    }

    [Fact]
    public void A_partitions_copy_of_a_foreign_key_writes_only_its_comment_after_the_parents()
    {
        var fk = Key(31, Parent, "orders_c_fkey", 'f', "FOREIGN KEY (c) REFERENCES public.c(id)");
        var copy = Key(32, Part, "orders_c_fkey", 'f', "FOREIGN KEY (c) REFERENCES public.c(id)", parent: 31) with
        {
            Description = EmitContexts.Comment(CatalogId.PgConstraint, 32, "copy"),
        };
        var blocks = Emit(new IndexSet([fk, copy], [], []));
        Assert.Equal(["FK CONSTRAINT", "COMMENT"], blocks.Select(b => b.Kind));
        Assert.Equal("COMMENT ON CONSTRAINT orders_c_fkey ON public.orders_1 IS 'copy';\n", blocks[1].Sql);
        Assert.Contains(new CatalogId(CatalogId.PgConstraint, 31), blocks[1].DependsOn);
        Assert.Single(Emit(new IndexSet([fk, copy with { Description = EmitContexts.Nothing(CatalogId.PgConstraint, 32) }], [], [])));
    }

    [Fact]
    public void A_partitions_own_named_foreign_key_comes_first_and_the_parents_takes_it_over()
    {
        var fk = Key(31, Parent, "orders_c_fkey", 'f', "FOREIGN KEY (c) REFERENCES public.c(id)");
        var own = Key(34, Part, "legacy_fk", 'f', "FOREIGN KEY (c) REFERENCES public.c(id)", parent: 31);
        var blocks = Emit(new IndexSet([fk, own], [], []));
        Assert.Equal(2, blocks.Count);
        Assert.Contains(new CatalogId(CatalogId.PgConstraint, 34), blocks[0].DependsOn);
        Assert.Contains(new CatalogId(CatalogId.PgClass, Parent), blocks[1].DependsOn);
        Assert.StartsWith("ALTER TABLE ONLY public.orders_1\n    ADD CONSTRAINT legacy_fk", blocks[1].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partition_index_is_attached_to_its_parent_index_and_keeps_its_statistics_and_tablespace()
    {
        var parentIndex = Index(41, Parent, "orders_expr_idx", "CREATE INDEX orders_expr_idx ON ONLY public.orders USING btree (lower(n))");
        var childIndex = Index(42, Part, "orders_1_expr_idx", "CREATE INDEX orders_1_expr_idx ON public.orders_1 USING btree (lower(n))") with
        {
            ParentOid = 41,
            Statistics = [new IndexColumnStatistics("1", "250")],
            Tablespace = "fast",
        };
        var blocks = Emit(new IndexSet([], [parentIndex, childIndex], []), new DumpOptions { IfExists = true });
        Assert.Equal(["INDEX", "INDEX", "INDEX ATTACH"], blocks.Select(b => b.Kind));
        Assert.Equal(
            "SET default_tablespace = fast;\nCREATE INDEX orders_1_expr_idx ON public.orders_1 USING btree (lower(n));\n" +
            "ALTER INDEX public.orders_1_expr_idx ALTER COLUMN 1 SET STATISTICS 250;\nSET default_tablespace = '';\n",
            blocks[1].Sql);
        Assert.Equal("DROP INDEX IF EXISTS public.orders_1_expr_idx;\n", blocks[1].DropSql);
        Assert.Equal("ALTER INDEX public.orders_expr_idx ATTACH PARTITION public.orders_1_expr_idx;\n", blocks[2].Sql);
    }

    [Fact]
    public void A_statistics_object_has_its_target_owner_and_comment()
    {
        var stats = new StatisticsRecord(50, "public", "Stats", "app", "CREATE STATISTICS public.\"Stats\" ON a, b FROM public.orders_1", 300, Part, EmitContexts.Comment(CatalogId.PgStatisticExt, 50, "s"));
        var block = Assert.Single(Emit(new IndexSet([], [], [stats])));
        Assert.Equal(
            "CREATE STATISTICS public.\"Stats\" ON a, b FROM public.orders_1;\nALTER STATISTICS public.\"Stats\" SET STATISTICS 300;\n" +
            "ALTER STATISTICS public.\"Stats\" OWNER TO app;\nCOMMENT ON STATISTICS public.\"Stats\" IS 's';\n",
            block.Sql);
        Assert.Equal(
            "CREATE STATISTICS public.\"Stats\" ON a, b FROM public.orders_1;\n",
            Assert.Single(Emit(new IndexSet([], [], [stats with { Target = -1 }]), new DumpOptions { NoOwner = true, NoComments = true })).Sql);
    }

    private static KeyConstraintRecord Key(uint oid, uint rel, string name, char type, string definition, uint index = 0, uint parent = 0) =>
        new(oid, rel, name, type, definition, index, parent, EmitContexts.Nothing(CatalogId.PgConstraint, oid));

    private static IndexRecord Index(uint oid, uint rel, string name, string definition) =>
        new(oid, rel, name, definition, false, false, 0, [], null, EmitContexts.Nothing(CatalogId.PgClass, oid));

    private static List<DumpObject> Emit(IndexSet set, DumpOptions? options = null) => IndexEmitter.Emit(set, Relations, EmitContexts.For(options));
}
