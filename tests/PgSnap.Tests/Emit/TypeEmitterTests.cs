using PgSnap.Catalog.Coverage;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>Enum, composite, domain and range types, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class TypeEmitterTests
{
    private const uint Oid = 43001;
    private const uint ArrayOid = 43002;
    private const uint RelId = 43003;
    private const string Qn = "\"My Types\".\"order\"";

    [Fact]
    public void An_enum_lists_its_labels_in_order()
    {
        var blocks = TypeEmitter.Emit(Type(new EnumTypeDefinition(["new", "it's done", "Old"])), EmitContexts.For());
        var block = Assert.Single(blocks);
        Assert.Equal($"CREATE TYPE {Qn} AS ENUM (\n    'new',\n    'it''s done',\n    'Old'\n);\nALTER TYPE {Qn} OWNER TO alice;\n", block.Sql);
        Assert.Equal(("TYPE", "My Types", "order", DumpSection.PreData, SortPriority.Type), (block.Kind, block.Schema, block.Name, block.Section, block.Priority));
        Assert.Equal(new CatalogId(CatalogId.PgType, Oid), block.Id);
        Assert.Equal([new CatalogId(CatalogId.PgType, ArrayOid)], block.Aliases);
        Assert.Equal($"DROP TYPE {Qn};\n", block.DropSql);
    }

    [Fact]
    public void An_enum_without_labels_is_empty()
    {
        var block = TypeEmitter.Emit(Type(new EnumTypeDefinition([])) with { ArrayType = 0 }, EmitContexts.For(new DumpOptions { NoOwner = true, IfExists = true }))[0];
        Assert.Equal($"CREATE TYPE {Qn} AS ENUM ();\n", block.Sql);
        Assert.Empty(block.Aliases);
        Assert.Equal($"DROP TYPE IF EXISTS {Qn};\n", block.DropSql);
    }

    [Fact]
    public void A_composite_type_lists_its_attributes_with_collations_and_their_comments()
    {
        var composite = new CompositeTypeDefinition(RelId,
        [
            new CompositeAttributeRecord("Id", "integer", null, EmitContexts.Nothing(CatalogId.PgClass, RelId)),
            new CompositeAttributeRecord("user", "text", new CatalogName("My Coll", "de-x"), new Description(new CatalogKey(CatalogId.PgClass, RelId, 2), "who's", [])),
        ]);
        var context = EmitContexts.For(new DumpOptions { NoOwner = true });
        var block = TypeEmitter.Emit(Type(composite), context)[0];
        Assert.Equal(
            $"CREATE TYPE {Qn} AS (\n    \"Id\" integer,\n    \"user\" text COLLATE \"My Coll\".\"de-x\"\n);\nCOMMENT ON COLUMN {Qn}.\"user\" IS 'who''s';\n",
            block.Sql);
        Assert.Equal([new CatalogId(CatalogId.PgClass, RelId), new CatalogId(CatalogId.PgType, ArrayOid)], block.Aliases);
        Assert.Contains(new CatalogKey(CatalogId.PgClass, RelId, 2), context.EmittedComments);
        Assert.DoesNotContain("COMMENT", TypeEmitter.Emit(Type(composite), EmitContexts.For(new DumpOptions { NoComments = true }))[0].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_composite_type_without_attributes_is_empty() =>
        Assert.StartsWith($"CREATE TYPE {Qn} AS ();\n", TypeEmitter.Emit(Type(new CompositeTypeDefinition(RelId, [])), EmitContexts.For())[0].Sql, StringComparison.Ordinal);

    [Fact]
    public void A_domain_has_its_collation_default_not_null_and_valid_checks_inline()
    {
        var check = new DomainConstraintRecord(43010, "Positive", 'c', "CHECK ((VALUE > 0))", true, EmitContexts.Comment(CatalogId.PgConstraint, 43010, "above zero"));
        var domain = Domain(notNull: true, check) with { Collation = new CatalogName("pg_catalog", "C"), Default = "'1'::text" };
        var context = EmitContexts.For();
        var block = Assert.Single(TypeEmitter.Emit(Type(domain) with { Acl = ["alice=U/alice"] }, context));
        Assert.Equal(
            $"CREATE DOMAIN {Qn} AS text COLLATE pg_catalog.\"C\" DEFAULT '1'::text NOT NULL\n\tCONSTRAINT \"Positive\" CHECK ((VALUE > 0));\n"
            + $"ALTER DOMAIN {Qn} OWNER TO alice;\nREVOKE ALL ON TYPE {Qn} FROM PUBLIC;\nCOMMENT ON CONSTRAINT \"Positive\" ON DOMAIN {Qn} IS 'above zero';\n",
            block.Sql);
        Assert.Equal("DOMAIN", block.Kind);
        Assert.Equal($"DROP DOMAIN {Qn};\n", block.DropSql);
        Assert.Equal([new CatalogId(CatalogId.PgConstraint, 43010), new CatalogId(CatalogId.PgType, ArrayOid)], block.Aliases);
        Assert.Equal([new CatalogId(CatalogId.PgType, 25)], block.DependsOn);
        Assert.Contains(new CatalogKey(CatalogId.PgConstraint, 43010), context.EmittedComments);
    }

    [Fact]
    public void A_domain_comment_uses_domain_and_no_comments_leaves_it_out()
    {
        var domain = Type(Domain(notNull: false)) with { Description = EmitContexts.Comment(CatalogId.PgType, Oid, "d") };
        Assert.Equal($"CREATE DOMAIN {Qn} AS text;\nCOMMENT ON DOMAIN {Qn} IS 'd';\n", TypeEmitter.Emit(domain, EmitContexts.For(new DumpOptions { NoOwner = true }))[0].Sql);
        Assert.Equal($"CREATE DOMAIN {Qn} AS text;\n", TypeEmitter.Emit(domain, EmitContexts.For(new DumpOptions { NoOwner = true, NoComments = true }))[0].Sql);
    }

    [Theory]
    [InlineData("order_not_null", " NOT NULL;\n")]
    [InlineData("Must Have", " CONSTRAINT \"Must Have\" NOT NULL;\n")]
    public void A_not_null_constraint_row_is_written_once_named_when_the_name_is_not_the_servers(string name, string expected)
    {
        var notNull = new DomainConstraintRecord(43011, name, 'n', "NOT NULL", true, EmitContexts.Nothing(CatalogId.PgConstraint, 43011));
        var block = TypeEmitter.Emit(Type(Domain(notNull: true, notNull)), EmitContexts.For(new DumpOptions { NoOwner = true }))[0];
        Assert.Equal($"CREATE DOMAIN {Qn} AS text" + expected, block.Sql);
        Assert.Contains(new CatalogId(CatalogId.PgConstraint, 43011), block.Aliases);
    }

    [Theory]
    [InlineData(false, "ALTER DOMAIN \"My Types\".\"order\" DROP CONSTRAINT \"Later\";\n")]
    [InlineData(true, "ALTER DOMAIN \"My Types\".\"order\" DROP CONSTRAINT IF EXISTS \"Later\";\n")]
    public void A_not_valid_check_is_added_after_the_data_in_its_own_block(bool ifExists, string drop)
    {
        var later = new DomainConstraintRecord(43012, "Later", 'c', "CHECK ((VALUE <> ''::text)) NOT VALID", false, EmitContexts.Comment(CatalogId.PgConstraint, 43012, "soon"));
        var blocks = TypeEmitter.Emit(Type(Domain(notNull: false, later)), EmitContexts.For(new DumpOptions { NoOwner = true, IfExists = ifExists }));
        Assert.Equal(2, blocks.Count);
        var (check, domain) = (blocks[0], blocks[1]);
        Assert.Equal($"CREATE DOMAIN {Qn} AS text;\n", domain.Sql);
        Assert.Equal(
            $"ALTER DOMAIN {Qn}\n    ADD CONSTRAINT \"Later\" CHECK ((VALUE <> ''::text)) NOT VALID;\nCOMMENT ON CONSTRAINT \"Later\" ON DOMAIN {Qn} IS 'soon';\n",
            check.Sql);
        Assert.Equal(("CHECK CONSTRAINT", "My Types", "order Later", "alice", DumpSection.PostData, SortPriority.Constraint), (check.Kind, check.Schema, check.Name, check.Owner, check.Section, check.Priority));
        Assert.Equal(new CatalogId(CatalogId.PgConstraint, 43012), check.Id);
        Assert.Equal([new CatalogId(CatalogId.PgType, Oid)], check.DependsOn);
        Assert.Equal(drop, check.DropSql);
        Assert.DoesNotContain(new CatalogId(CatalogId.PgConstraint, 43012), domain.Aliases);
    }

    [Fact]
    public void A_range_type_names_only_its_subtype_when_the_rest_is_default()
    {
        var block = TypeEmitter.Emit(Type(new RangeTypeDefinition("numeric", null, null, null, null, null)), EmitContexts.For(new DumpOptions { NoOwner = true }))[0];
        Assert.Equal($"CREATE TYPE {Qn} AS RANGE (\n    subtype = numeric\n);\n", block.Sql);
        Assert.Equal([new CatalogId(CatalogId.PgType, ArrayOid)], block.Aliases);
    }

    [Fact]
    public void A_range_type_writes_its_multirange_opclass_collation_and_functions()
    {
        var range = new RangeTypeDefinition(
            "text", new CatalogName("Ops", "text_ops x"), new CatalogName("public", "C"), "public.canon", "public.diff",
            new MultirangeRecord(43020, new CatalogName("My Types", "Order Multi"), null, null));
        var block = TypeEmitter.Emit(Type(range), EmitContexts.For(new DumpOptions { NoOwner = true }))[0];
        Assert.Equal(
            $"CREATE TYPE {Qn} AS RANGE (\n    subtype = text,\n    multirange_type_name = \"My Types\".\"Order Multi\",\n    subtype_opclass = \"Ops\".\"text_ops x\",\n"
            + "    collation = public.\"C\",\n    canonical = public.canon,\n    subtype_diff = public.diff\n);\n",
            block.Sql);
        Assert.Equal([new CatalogId(CatalogId.PgType, 43020), new CatalogId(CatalogId.PgType, ArrayOid)], block.Aliases);
    }

    [Fact]
    public void A_multiranges_own_privileges_read_before_16_are_written_after_the_ranges()
    {
        var multirange = new MultirangeRecord(43020, new CatalogName("My Types", "Order Multi"), ["alice=U/alice", "bob=U/alice"], ["=U/alice", "alice=U/alice"]);
        var context = EmitContexts.For();
        var sql = TypeEmitter.Emit(Type(new RangeTypeDefinition("numeric", null, null, null, null, multirange)), context)[0].Sql;
        Assert.EndsWith(
            $"ALTER TYPE {Qn} OWNER TO alice;\nREVOKE ALL ON TYPE \"My Types\".\"Order Multi\" FROM PUBLIC;\nGRANT USAGE ON TYPE \"My Types\".\"Order Multi\" TO bob;\n",
            sql,
            StringComparison.Ordinal);
        Assert.Contains(new CatalogKey(CatalogId.PgType, 43020), context.Decorations.EmittedAcls);
        Assert.DoesNotContain("GRANT", TypeEmitter.Emit(Type(new RangeTypeDefinition("numeric", null, null, null, null, multirange)), EmitContexts.For(new DumpOptions { NoAcl = true }))[0].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Type_privileges_labels_and_no_acl()
    {
        var type = Type(new EnumTypeDefinition(["a"])) with
        {
            Acl = ["alice=U/alice", "bob=U/alice"],
            Description = new Description(new CatalogKey(CatalogId.PgType, Oid), null, [new SecurityLabel("dummy", "top")]),
        };
        var context = EmitContexts.For(new DumpOptions { NoOwner = true });
        Assert.Equal(
            $"CREATE TYPE {Qn} AS ENUM (\n    'a'\n);\nREVOKE ALL ON TYPE {Qn} FROM PUBLIC;\nGRANT USAGE ON TYPE {Qn} TO bob;\nSECURITY LABEL FOR dummy ON TYPE {Qn} IS 'top';\n",
            TypeEmitter.Emit(type, context)[0].Sql);
        Assert.Contains(new CatalogKey(CatalogId.PgType, Oid), context.EmittedLabels);
        Assert.Equal($"CREATE TYPE {Qn} AS ENUM (\n    'a'\n);\n", TypeEmitter.Emit(type, EmitContexts.For(new DumpOptions { NoOwner = true, NoAcl = true, NoSecurityLabels = true }))[0].Sql);
    }

    private static TypeRecord Type(TypeDefinition definition) =>
        new(Oid, "My Types", "order", "alice", null, ["=U/alice", "alice=U/alice"], ArrayOid, definition, EmitContexts.Nothing(CatalogId.PgType, Oid));

    private static DomainDefinition Domain(bool notNull, params DomainConstraintRecord[] constraints) => new("text", 25, null, null, notNull, constraints);
}
