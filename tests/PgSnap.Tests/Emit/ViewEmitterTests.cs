using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;
using static PgSnap.Tests.Emit.RelationRecords;

namespace PgSnap.Tests.Emit;

/// <summary>CREATE VIEW / MATERIALIZED VIEW blocks, the two-step form for cycles, defaults and REFRESH, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class ViewEmitterTests
{
    private const string Definition = " SELECT a\n   FROM public.t;";

    [Fact]
    public void A_view_is_created_from_its_definition_without_the_trailing_semicolon()
    {
        var view = Assert.Single(Emit(View(), Column("a")));
        Assert.Equal("CREATE VIEW public.v AS\n SELECT a\n   FROM public.t;\nALTER VIEW public.v OWNER TO postgres;\n", view.Sql);
        Assert.Equal(("VIEW", "DROP VIEW public.v;\n"), (view.Kind, view.DropSql));
    }

    [Theory]
    [InlineData(new[] { "security_barrier=true", "check_option=local" }, " WITH (security_barrier='true') AS\n SELECT a\n   FROM public.t\n  WITH LOCAL CHECK OPTION;\n")]
    [InlineData(new[] { "check_option=cascaded" }, " AS\n SELECT a\n   FROM public.t\n  WITH CASCADED CHECK OPTION;\n")]
    [InlineData(new[] { "check_option=local", "security_barrier=true" }, " WITH (check_option='local', security_barrier='true') AS\n SELECT a\n   FROM public.t;\n")]
    public void A_check_option_stored_last_is_a_clause_and_one_stored_earlier_stays_an_option(string[] options, string expectedTail)
    {
        var view = Assert.Single(Emit(View() with { Options = options }, Column("a")));
        Assert.StartsWith("CREATE VIEW public.v" + expectedTail, view.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_view_can_be_split_into_a_placeholder_and_its_real_definition_for_cycles()
    {
        var rel = View() with { Options = ["security_barrier=true", "check_option=local"], Description = EmitContexts.Comment(CatalogId.PgClass, 16600, "v") };
        var collated = Column("b", "text", 2, 16600) with { CollationName = "C", CollationSchema = "pg_catalog" };
        var split = Assert.Single(Emit(rel, Column("a", relOid: 16600), collated)).Split!;
        Assert.Equal(
            "CREATE VIEW public.v WITH (security_barrier='true') AS\n SELECT NULL::integer AS a,\n    NULL::text COLLATE pg_catalog.\"C\" AS b;\n" +
            "ALTER VIEW public.v OWNER TO postgres;\nCOMMENT ON VIEW public.v IS 'v';\n",
            split.PlaceholderSql);
        Assert.Equal("CREATE OR REPLACE VIEW public.v WITH (security_barrier='true') AS\n SELECT a\n   FROM public.t\n  WITH LOCAL CHECK OPTION;\n", split.ReplaceSql);
    }

    [Fact]
    public void A_view_column_default_is_an_alter_view_without_only()
    {
        var blocks = Emit(View(), Column("a", relOid: 16600) with { DefaultExpr = "42", DefaultOid = 7 });
        Assert.Equal("ALTER VIEW public.v ALTER COLUMN a SET DEFAULT 42;\n", blocks[1].Sql);
    }

    [Fact]
    public void A_populated_materialized_view_is_created_empty_and_refreshed_after_the_data()
    {
        var rel = View(kind: 'm') with { AccessMethod = "heap", ReplicaIdentity = 'n', Tablespace = "fast" };
        var column = Column("a", relOid: 16600) with { StatTarget = 10 };
        var blocks = Emit(rel, column);
        Assert.Equal(["MATERIALIZED VIEW", "MATERIALIZED VIEW DATA"], blocks.Select(b => b.Kind));
        Assert.Equal(
            "SET default_tablespace = fast;\nCREATE MATERIALIZED VIEW public.v AS\n SELECT a\n   FROM public.t\n  WITH NO DATA;\n" +
            "ALTER TABLE ONLY public.v ALTER COLUMN a SET STATISTICS 10;\nALTER TABLE ONLY public.v REPLICA IDENTITY NOTHING;\n" +
            "ALTER MATERIALIZED VIEW public.v OWNER TO postgres;\nSET default_tablespace = '';\n",
            blocks[0].Sql);
        Assert.Null(blocks[0].Split);
        Assert.Equal("REFRESH MATERIALIZED VIEW public.v;\n", blocks[1].Sql);
        Assert.Equal(DumpSection.PostData, blocks[1].Section);
        Assert.Equal([blocks[0].Id], blocks[1].DependsOn);
    }

    [Fact]
    public void An_unpopulated_materialized_view_is_not_refreshed_and_names_a_non_heap_access_method()
    {
        var blocks = Emit(View(kind: 'm') with { IsPopulated = false, AccessMethod = "columnar" }, Column("a", relOid: 16600));
        var matview = Assert.Single(blocks);
        Assert.StartsWith("CREATE MATERIALIZED VIEW public.v USING columnar AS\n", matview.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void No_owner_and_if_exists_apply_to_views()
    {
        var view = Assert.Single(Emit(View(), new DumpOptions { NoOwner = true, IfExists = true }, Column("a")));
        Assert.DoesNotContain("OWNER", view.Sql, StringComparison.Ordinal);
        Assert.Equal("DROP VIEW IF EXISTS public.v;\n", view.DropSql);
    }

    private static RelationRecord View(char kind = 'v') => Relation("v", kind, oid: 16600) with { ViewDefinition = Definition };

    private static List<DumpObject> Emit(RelationRecord rel, params ColumnRecord[] columns) => ViewEmitter.Emit(rel, columns, EmitContexts.For());

    private static List<DumpObject> Emit(RelationRecord rel, DumpOptions options, params ColumnRecord[] columns) => ViewEmitter.Emit(rel, columns, EmitContexts.For(options));
}
