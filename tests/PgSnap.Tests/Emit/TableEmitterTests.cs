using PgSnap.Catalog.Coverage;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;
using static PgSnap.Tests.Emit.RelationRecords;

namespace PgSnap.Tests.Emit;

/// <summary>CREATE TABLE blocks (and the constraint, attach and default blocks that come with them) from records, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class TableEmitterTests
{
    [Fact]
    public void A_plain_table_lists_its_columns_then_its_owner()
    {
        var blocks = Emit(Table(Relation(), Column("id"), Column("note", "text", 2)));
        var table = Assert.Single(blocks);
        Assert.Equal("CREATE TABLE public.t (\n    id integer,\n    note text\n);\nALTER TABLE public.t OWNER TO postgres;\n", table.Sql);
        Assert.Equal(("TABLE", DumpSection.PreData, "DROP TABLE public.t;\n"), (table.Kind, table.Section, table.DropSql));
    }

    [Fact]
    public void An_unlogged_table_without_columns_still_has_a_column_list()
    {
        var table = Assert.Single(Emit(Table(Relation() with { Persistence = 'u' })));
        Assert.StartsWith("CREATE UNLOGGED TABLE public.t (\n);\n", table.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Nasty_names_are_quoted_everywhere()
    {
        var table = Assert.Single(Emit(Table(Relation("Order \"x\"", schema: "select"), Column("from"))));
        Assert.StartsWith("CREATE TABLE \"select\".\"Order \"\"x\"\"\" (\n    \"from\" integer\n);\n", table.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partitioned_table_names_its_key_and_its_access_method()
    {
        var rel = Relation(kind: 'p') with { PartitionKey = "RANGE (id)", AccessMethod = "heap" };
        var table = Assert.Single(Emit(Table(rel, Column("id"))));
        Assert.StartsWith("CREATE TABLE public.t (\n    id integer\n)\nPARTITION BY RANGE (id)\nUSING heap;\n", table.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_table_names_only_a_non_default_access_method()
    {
        Assert.DoesNotContain("USING", Assert.Single(Emit(Table(Relation(), Column("id")))).Sql, StringComparison.Ordinal);
        Assert.Contains("\n)\nUSING columnar;\n", Assert.Single(Emit(Table(Relation() with { AccessMethod = "columnar" }, Column("id")))).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partition_is_created_standalone_with_every_column_then_attached()
    {
        var rel = PartitionOf(Relation("t_2024", oid: 16500));
        var inherited = Column("id", relOid: 16500) with { IsLocal = false, NotNull = true };
        var blocks = Emit(Table(rel, inherited));
        Assert.Equal(["TABLE", "TABLE ATTACH"], blocks.Select(b => b.Kind));
        Assert.StartsWith("CREATE TABLE public.t_2024 (\n    id integer NOT NULL\n);\n", blocks[0].Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("INHERITS", blocks[0].Sql, StringComparison.Ordinal);
        Assert.Equal("ALTER TABLE ONLY public.t ATTACH PARTITION public.t_2024 FOR VALUES FROM (1) TO (10);\n", blocks[1].Sql);
        Assert.Equal([new CatalogId(CatalogId.PgClass, 16500), new CatalogId(CatalogId.PgClass, TableOid)], blocks[1].DependsOn);
    }

    [Fact]
    public void An_inheritance_child_writes_its_own_columns_and_drops_a_default_its_parent_would_give()
    {
        var parentDefault = Column("flag", "boolean") with { DefaultExpr = "true", DefaultOid = 9 };
        var rel = Relation("child", oid: 16501) with { Parents = [TableOid], ParentNames = [new QualifiedRelationName("public", "t")] };
        var inherited = Column("flag", "boolean", relOid: 16501) with { IsLocal = false };
        var own = Column("extra", "text", 2, 16501);
        var table = Assert.Single(Emit(new TableRecord(rel, [inherited, own], [], [parentDefault])));
        Assert.StartsWith(
            "CREATE TABLE public.child (\n    extra text\n)\nINHERITS (public.t);\nALTER TABLE public.child OWNER TO postgres;\n" +
            "ALTER TABLE ONLY public.child ALTER COLUMN flag SET DEFAULT NULL;\n",
            table.Sql,
            StringComparison.Ordinal);
        Assert.Contains(new CatalogId(CatalogId.PgClass, TableOid), table.DependsOn);
    }

    [Fact]
    public void A_parent_outside_the_dump_gets_a_name_that_cannot_resolve()
    {
        var rel = Relation("child") with { Parents = [777], ParentNames = [null] };
        Assert.Contains("INHERITS (pg_catalog.regclass_out_of_dump_777)", Assert.Single(Emit(Table(rel, Column("a")))).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inherited_column_not_null_only_here_is_set_after_the_create()
    {
        var rel = Relation("child") with { Parents = [1], ParentNames = [new QualifiedRelationName("public", "p")] };
        var table = Assert.Single(Emit(Table(rel, Column("a") with { IsLocal = false, NotNull = true })));
        Assert.Contains("ALTER TABLE ONLY public.child ALTER COLUMN a SET NOT NULL;\n", table.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_typed_table_writes_only_what_its_type_cannot_say()
    {
        var rel = Relation() with { OfType = "public.person" };
        Assert.StartsWith("CREATE TABLE public.t OF public.person;\n", Assert.Single(Emit(Table(rel, Column("name", "text")))).Sql, StringComparison.Ordinal);
        Assert.StartsWith(
            "CREATE TABLE public.t OF public.person (\n    name WITH OPTIONS NOT NULL\n);\n",
            Assert.Single(Emit(Table(rel, Column("name", "text") with { NotNull = true }))).Sql,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_foreign_table_names_its_server_and_options()
    {
        var rel = Relation(kind: 'f') with { ForeignServer = "remote", ForeignOptions = ["schema_name=s", "table_name=it's"] };
        var column = Column("id") with { FdwOptions = ["column_name=ID"] };
        var table = Assert.Single(Emit(Table(rel, column)));
        Assert.Equal("FOREIGN TABLE", table.Kind);
        Assert.StartsWith(
            "CREATE FOREIGN TABLE public.t (\n    id integer OPTIONS (column_name 'ID')\n)\nSERVER remote\nOPTIONS (\n    schema_name 's',\n    table_name 'it''s'\n);\n",
            table.Sql,
            StringComparison.Ordinal);
        Assert.Equal("DROP FOREIGN TABLE public.t;\n", table.DropSql);
    }

    [Fact]
    public void Identity_and_generated_columns_carry_no_default_block_and_a_plain_default_gets_one()
    {
        var identity = Column("id", "bigint") with { Identity = 'a', NotNull = true, DefaultOid = 0 };
        var generated = Column("twice", "integer", 2) with { Generated = 's', DefaultExpr = "(id * 2)", DefaultOid = 71 };
        var defaulted = Column("at", "timestamp with time zone", 3) with { DefaultExpr = "now()", DefaultOid = 72 };
        var blocks = Emit(Table(Relation(), identity, generated, defaulted));
        Assert.Equal(["TABLE", "DEFAULT"], blocks.Select(b => b.Kind));
        Assert.StartsWith(
            "CREATE TABLE public.t (\n    id bigint NOT NULL,\n    twice integer GENERATED ALWAYS AS ((id * 2)) STORED,\n    at timestamp with time zone\n);\n",
            blocks[0].Sql,
            StringComparison.Ordinal);
        Assert.Contains(new CatalogId(CatalogId.PgAttrdef, 71), blocks[0].Aliases);
        Assert.Equal("ALTER TABLE ONLY public.t ALTER COLUMN at SET DEFAULT now();\n", blocks[1].Sql);
        Assert.Equal("ALTER TABLE public.t ALTER COLUMN at DROP DEFAULT;\n", blocks[1].DropSql);
        Assert.Equal(new CatalogId(CatalogId.PgAttrdef, 72), blocks[1].Id);
    }

    [Fact]
    public void A_virtual_generated_column_has_no_stored_keyword() =>
        Assert.Contains(
            "b integer GENERATED ALWAYS AS ((a + 1))\n",
            Assert.Single(Emit(Table(Relation(), Column("b") with { Generated = 'v', DefaultExpr = "(a + 1)", DefaultOid = 5 }))).Sql,
            StringComparison.Ordinal);

    [Fact]
    public void A_collation_other_than_the_types_is_qualified()
    {
        var column = Column("name", "text") with { CollationName = "C", CollationSchema = "pg_catalog" };
        Assert.Contains("    name text COLLATE pg_catalog.\"C\"\n", Assert.Single(Emit(Table(Relation(), column))).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_compression_statistics_and_options_are_altered_after_the_create()
    {
        var column = Column("body", "text") with { Storage = 'e', TypeStorage = 'x', Compression = 'l', StatTarget = 500, Options = ["n_distinct=-1", "pg_attver=3"] };
        var sql = Assert.Single(Emit(Table(Relation(), column))).Sql;
        Assert.EndsWith(
            "ALTER TABLE public.t OWNER TO postgres;\n" +
            "ALTER TABLE ONLY public.t ALTER COLUMN body SET STATISTICS 500;\n" +
            "ALTER TABLE ONLY public.t ALTER COLUMN body SET STORAGE EXTERNAL;\n" +
            "ALTER TABLE ONLY public.t ALTER COLUMN body SET COMPRESSION lz4;\n" +
            "ALTER TABLE ONLY public.t ALTER COLUMN body SET (n_distinct=-1);\n",
            sql,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_options_toast_options_tablespace_replica_identity_and_forced_security_are_written()
    {
        var rel = Relation() with { Options = ["fillfactor=70"], ToastOptions = ["autovacuum_enabled=false"], Tablespace = "fast", ReplicaIdentity = 'f', ForceRowSecurity = true };
        var sql = Assert.Single(Emit(Table(rel, Column("id")))).Sql;
        Assert.Equal(
            "SET default_tablespace = fast;\nCREATE TABLE public.t (\n    id integer\n)\nWITH (fillfactor='70', toast.autovacuum_enabled='false');\n" +
            "ALTER TABLE public.t OWNER TO postgres;\nALTER TABLE ONLY public.t REPLICA IDENTITY FULL;\nALTER TABLE ONLY public.t FORCE ROW LEVEL SECURITY;\n" +
            "SET default_tablespace = '';\n",
            sql);
        Assert.DoesNotContain("default_tablespace", Assert.Single(Emit(Table(rel, Column("id")), new DumpOptions { NoTablespaces = true })).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Pg18_not_null_constraints_keep_their_names_and_no_inherit()
    {
        var defaultName = Column("a") with { NotNull = true, NotNullConstraint = new NotNullConstraintRecord(81, "t_a_not_null", false, true, true) };
        var ownName = Column("b", number: 2) with { NotNull = true, NotNullConstraint = new NotNullConstraintRecord(82, "b required", true, true, true) };
        var table = Assert.Single(Emit(Table(Relation(), defaultName, ownName)));
        Assert.StartsWith("CREATE TABLE public.t (\n    a integer NOT NULL,\n    b integer CONSTRAINT \"b required\" NOT NULL NO INHERIT\n);\n", table.Sql, StringComparison.Ordinal);
        Assert.Contains(new CatalogId(CatalogId.PgConstraint, 81), table.Aliases);
    }

    [Fact]
    public void A_childs_own_not_null_on_an_inherited_column_is_a_table_constraint()
    {
        var rel = Relation("child") with { Parents = [1], ParentNames = [new QualifiedRelationName("public", "p")] };
        var column = Column("a") with { IsLocal = false, NotNull = true, NotNullConstraint = new NotNullConstraintRecord(83, "child_a", false, true, true) };
        Assert.StartsWith("CREATE TABLE public.child (\n    CONSTRAINT child_a NOT NULL a\n)\n", Assert.Single(Emit(Table(rel, column))).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_not_valid_not_null_is_added_after_the_data_with_its_comment()
    {
        var nn = new NotNullConstraintRecord(84, "t_a_not_null", false, true, false) { Description = EmitContexts.Comment(CatalogId.PgConstraint, 84, "later") };
        var blocks = Emit(Table(Relation(), Column("a") with { NotNull = true, NotNullConstraint = nn }));
        Assert.Equal(["CHECK CONSTRAINT", "TABLE"], blocks.Select(b => b.Kind));
        Assert.Equal(
            "ALTER TABLE public.t\n    ADD CONSTRAINT t_a_not_null NOT NULL a NOT VALID;\nCOMMENT ON CONSTRAINT t_a_not_null ON public.t IS 'later';\n",
            blocks[0].Sql);
        Assert.Equal(DumpSection.PostData, blocks[0].Section);
        Assert.StartsWith("CREATE TABLE public.t (\n    a integer\n);\n", blocks[1].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_local_checks_go_inline_and_not_valid_or_loop_breaking_ones_after_the_data()
    {
        var inline = new CheckConstraintRecord(91, TableOid, "positive", "CHECK ((a > 0))", true, true) { Description = EmitContexts.Comment(CatalogId.PgConstraint, 91, "inline") };
        var notValid = new CheckConstraintRecord(92, TableOid, "small", "CHECK ((a < 10)) NOT VALID", false, true);
        var loop = new CheckConstraintRecord(93, TableOid, "uses_row", "CHECK (public.f(t.*))", true, true, InLoop: true);
        var inherited = new CheckConstraintRecord(94, TableOid, "from_parent", "CHECK ((a <> 5))", true, false);
        var blocks = Emit(new TableRecord(Relation(), [Column("a")], [inline, notValid, loop, inherited], []), new DumpOptions { IfExists = true });
        Assert.Equal(["CHECK CONSTRAINT", "CHECK CONSTRAINT", "TABLE"], blocks.Select(b => b.Kind));
        Assert.Equal("ALTER TABLE public.t\n    ADD CONSTRAINT small CHECK ((a < 10)) NOT VALID;\n", blocks[0].Sql);
        Assert.Equal("ALTER TABLE IF EXISTS public.t DROP CONSTRAINT IF EXISTS small;\n", blocks[0].DropSql);
        Assert.Equal("ALTER TABLE public.t\n    ADD CONSTRAINT uses_row CHECK (public.f(t.*));\n", blocks[1].Sql);
        Assert.StartsWith("CREATE TABLE public.t (\n    a integer,\n    CONSTRAINT positive CHECK ((a > 0))\n);\n", blocks[2].Sql, StringComparison.Ordinal);
        Assert.Contains("COMMENT ON CONSTRAINT positive ON public.t IS 'inline';\n", blocks[2].Sql, StringComparison.Ordinal);
        Assert.Contains(new CatalogId(CatalogId.PgConstraint, 91), blocks[2].Aliases);
    }

    [Fact]
    public void A_foreign_tables_separate_check_says_foreign_table()
    {
        var check = new CheckConstraintRecord(95, TableOid, "c", "CHECK ((a > 0)) NOT VALID", false, true);
        var blocks = Emit(new TableRecord(Relation(kind: 'f') with { ForeignServer = "s" }, [Column("a")], [check], []));
        Assert.StartsWith("ALTER FOREIGN TABLE public.t\n    ADD CONSTRAINT c", blocks[0].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Privileges_and_comments_of_the_table_and_its_columns_are_written_and_recorded()
    {
        var rel = Relation() with
        {
            Acl = ["postgres=arwdDxtm/postgres", "reader=r/postgres"],
            InitialAcl = ["postgres=arwdDxtm/postgres"],
            Description = EmitContexts.Comment(CatalogId.PgClass, TableOid, "the table"),
        };
        var column = Column("a") with { Description = new Description(new CatalogKey(CatalogId.PgClass, TableOid, 1), "a column", [new SecurityLabel("selinux", "x")]) };
        var context = EmitContexts.For();
        var sql = Assert.Single(TableEmitter.Emit(Table(rel, column), context)).Sql;
        Assert.Contains("GRANT SELECT ON TABLE public.t TO reader;\n", sql, StringComparison.Ordinal);
        Assert.Contains("COMMENT ON TABLE public.t IS 'the table';\n", sql, StringComparison.Ordinal);
        Assert.Contains("COMMENT ON COLUMN public.t.a IS 'a column';\nSECURITY LABEL FOR selinux ON COLUMN public.t.a IS 'x';\n", sql, StringComparison.Ordinal);
        Assert.Contains(new CatalogKey(CatalogId.PgClass, TableOid), context.EmittedComments);
        Assert.Contains(new CatalogKey(CatalogId.PgClass, TableOid, 1), context.EmittedLabels);
    }

    [Fact]
    public void No_owner_no_acl_and_no_comments_leave_those_statements_out()
    {
        var rel = Relation() with { Acl = ["postgres=arwdDxtm/postgres", "reader=r/postgres"], InitialAcl = ["postgres=arwdDxtm/postgres"], Description = EmitContexts.Comment(CatalogId.PgClass, TableOid, "x") };
        var sql = Assert.Single(Emit(Table(rel, Column("a")), new DumpOptions { NoOwner = true, NoAcl = true, NoComments = true })).Sql;
        Assert.Equal("CREATE TABLE public.t (\n    a integer\n);\n", sql);
    }

    [Fact]
    public void Clean_with_if_exists_drops_the_table_and_its_defaults_safely()
    {
        var blocks = Emit(Table(Relation(), Column("a") with { DefaultExpr = "1", DefaultOid = 3 }), new DumpOptions { Clean = true, IfExists = true });
        Assert.Equal("DROP TABLE IF EXISTS public.t;\n", blocks[0].DropSql);
        Assert.Equal("ALTER TABLE IF EXISTS public.t ALTER COLUMN a DROP DEFAULT;\n", blocks[1].DropSql);
    }

    [Fact]
    public void The_row_types_fold_into_the_table()
    {
        var table = Assert.Single(Emit(Table(Relation() with { RowType = 501, RowArrayType = 502 }, Column("a"))));
        Assert.Equal([new CatalogId(CatalogId.PgType, 501), new CatalogId(CatalogId.PgType, 502)], table.Aliases);
    }

    private static RelationRecord PartitionOf(RelationRecord rel) =>
        rel with { IsPartition = true, PartitionBound = "FOR VALUES FROM (1) TO (10)", Parents = [TableOid], ParentNames = [new QualifiedRelationName("public", "t")] };

    private static TableRecord Table(RelationRecord rel, params ColumnRecord[] columns) => new(rel, columns, [], []);

    private static List<DumpObject> Emit(TableRecord table, DumpOptions? options = null) => TableEmitter.Emit(table, EmitContexts.For(options));
}
