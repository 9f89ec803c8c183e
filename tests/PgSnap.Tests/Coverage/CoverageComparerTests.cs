using PgSnap.Catalog.Coverage;
using PgSnap.Dump;
using PgSnap.Model;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Coverage;

/// <summary>The coverage comparer's rules, server-free: hand-made inventories against hand-made plan claims.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class CoverageComparerTests
{
    private const uint Public = 2200;
    private const uint App = 16400;
    private const uint Ext = 16500;
    private const uint ExtSchema = 16501;
    private static readonly CatalogId Table = new(CatalogId.PgClass, 16410);
    private static readonly CatalogId RowType = new(CatalogId.PgType, 16412);
    private static readonly CatalogId Function = new(CatalogId.PgProc, 16420);
    private static readonly CatalogId Trigger = new(CatalogId.PgTrigger, 16430);
    private static readonly CatalogId ExtTable = new(CatalogId.PgClass, 16510);

    private static CatalogInventory Inventory(params InventoryObject[] extra) => new()
    {
        Objects =
        [
            new(new CatalogId(CatalogId.PgNamespace, App), 0, "alice", 0, null, "app", "", null),
            new(Table, App, "alice", 0, null, "t", "r", null),
            new(RowType, App, "alice", 0, null, "t", "c", Table),
            new(Function, App, "alice", 0, null, "f", "f", null),
            new(Trigger, 0, null, Table.ObjectId, null, "tg", "O", null),
            new(new CatalogId(CatalogId.PgExtension, Ext), 0, "alice", 0, null, "hstore", "", null),
            new(ExtTable, ExtSchema, "alice", 0, null, "config", "r", null),
            .. extra,
        ],
        Schemas = new Dictionary<uint, string> { [Public] = "public", [App] = "app", [ExtSchema] = "extschema", [11] = "pg_catalog" },
        ExtensionMembers = new Dictionary<CatalogId, uint> { [ExtTable] = Ext, [new CatalogId(CatalogId.PgNamespace, ExtSchema)] = Ext },
    };

    private static PlanClaims Claims(params CatalogId[] extra) => new()
    {
        Objects = new HashSet<CatalogId>([new(CatalogId.PgNamespace, App), Table, Function, Trigger, new(CatalogId.PgExtension, Ext), .. extra]),
        TableData = new HashSet<uint> { Table.ObjectId },
    };

    private static CoverageScope Scope(DumpOptions? options = null) => new()
    {
        Options = options ?? new DumpOptions(),

        // As ExtensionSelection decides: a whole-database dump creates every extension, -n/-t/-e leave them out.
        DumpedExtensions = (options ?? new DumpOptions()).IncludesEverything ? new HashSet<uint> { Ext } : new HashSet<uint>(),
        DumpedSchemas = new HashSet<uint> { Public, App },
        SelectedRelations = new HashSet<uint> { Table.ObjectId },
        DataTables = new HashSet<uint> { Table.ObjectId },
        IsSuperuser = true,
    };

    private static readonly Dictionary<uint, string> s_reasons = new()
    {
        [ExtSchema] = CoverageComparer.ExtensionSchema,
        [11] = CoverageComparer.SystemSchema,
    };

    private static List<string> Compare(CatalogInventory inventory, PlanClaims claims, CoverageScope? scope = null, Dictionary<uint, string>? reasons = null) =>
        [.. CoverageComparer.Compare(inventory, claims, scope ?? Scope(), reasons ?? s_reasons).Select(u => $"{u.What} {u.Key.ClassId}/{u.Key.ObjectId}/{u.Key.SubId}")];

    [Fact]
    public void A_plan_that_writes_everything_leaves_nothing_uncovered()
    {
        Assert.Empty(Compare(Inventory(), Claims()));
    }

    [Fact]
    public void An_object_missing_from_the_plan_is_uncovered_and_what_folds_into_it_is_not_listed_again()
    {
        var claims = Claims() with { Objects = new HashSet<CatalogId> { new(CatalogId.PgNamespace, App), Function, Trigger, new(CatalogId.PgExtension, Ext) } };

        Assert.Equal(["object 1259/16410/0"], Compare(Inventory(), claims));
    }

    [Fact]
    public void A_trigger_on_a_table_the_options_leave_out_or_on_an_extension_table_is_explained_but_one_on_a_dumped_table_is_lost()
    {
        var onExtension = new InventoryObject(new CatalogId(CatalogId.PgTrigger, 16520), 0, null, ExtTable.ObjectId, null, "audit", "O", null);
        var scope = Scope(new DumpOptions { ExcludeTables = ["app.t"] }) with { SelectedRelations = new HashSet<uint>(), DataTables = new HashSet<uint>() };
        var claims = Claims() with { Objects = new HashSet<CatalogId> { new(CatalogId.PgNamespace, App), Function, new(CatalogId.PgExtension, Ext) } };

        Assert.Empty(Compare(Inventory(onExtension), claims, scope));
        Assert.Equal(["object 2620/16430/0"], Compare(Inventory(onExtension), claims with { Objects = new HashSet<CatalogId>(claims.Objects) { Table } }));
    }

    [Fact]
    public void An_object_in_a_system_schema_is_lost_but_one_in_a_schema_left_out_by_N_is_explained()
    {
        var inCatalog = new InventoryObject(new CatalogId(CatalogId.PgProc, 16600), 11, "postgres", 0, null, "lost", "f", null);
        var other = new InventoryObject(new CatalogId(CatalogId.PgProc, 16601), 16700, "postgres", 0, null, "skipped", "f", null);
        var reasons = new Dictionary<uint, string>(s_reasons) { [16700] = "-N" };

        Assert.Equal(["object 1255/16600/0"], Compare(Inventory(inCatalog, other), Claims(), reasons: reasons));
    }

    [Fact]
    public void A_set_acl_needs_its_block_to_have_written_it_unless_no_acl()
    {
        var inventory = Inventory() with { Acls = [new CatalogKey(CatalogId.PgClass, Table.ObjectId), new CatalogKey(CatalogId.PgClass, Table.ObjectId, 2)] };
        var claims = Claims() with { Acls = new HashSet<CatalogKey> { new(CatalogId.PgClass, Table.ObjectId) } };

        Assert.Equal(["privileges 1259/16410/2"], Compare(inventory, claims));
        Assert.Empty(Compare(inventory, claims, Scope(new DumpOptions { NoAcl = true })));
    }

    [Fact]
    public void Changed_privileges_of_an_extension_member_or_an_initdb_object_need_an_acl_block()
    {
        var now = new CatalogId(CatalogId.PgProc, 1299);
        var inventory = Inventory() with { Acls = [CatalogKey.Of(ExtTable), CatalogKey.Of(now)] };

        Assert.Equal(["privileges 1259/16510/0", "privileges 1255/1299/0"], Compare(inventory, Claims()));
        Assert.Empty(Compare(inventory, Claims() with { AclBlocks = new HashSet<CatalogId> { ExtTable, now } }));
        Assert.Empty(Compare(inventory, Claims(), Scope(new DumpOptions { IncludeSchemas = ["app"] })));
    }

    [Fact]
    public void Comments_and_labels_must_be_written_except_an_extension_members_or_under_their_options()
    {
        var inventory = Inventory() with
        {
            Comments = [CatalogKey.Of(Function), new CatalogKey(CatalogId.PgClass, Table.ObjectId, 1), CatalogKey.Of(ExtTable)],
            SecurityLabels = [CatalogKey.Of(Trigger)],
        };
        var claims = Claims() with { Comments = new HashSet<CatalogKey> { CatalogKey.Of(Function) } };

        Assert.Equal(["comment 1259/16410/1", "security label 2620/16430/0"], Compare(inventory, claims));
        Assert.Empty(Compare(inventory, claims, Scope(new DumpOptions { NoComments = true, NoSecurityLabels = true })));
    }

    [Fact]
    public void Depends_on_extension_needs_the_mark_on_the_plan_object()
    {
        var inventory = Inventory() with { ExtensionDependencies = [(Function, Ext)] };

        Assert.Equal(["DEPENDS ON EXTENSION (extension oid 16500) 1255/16420/0"], Compare(inventory, Claims()));
        Assert.Empty(Compare(inventory, Claims() with { ExtensionDependencies = new HashSet<(CatalogId, uint)> { (Function, Ext) } }));
    }

    [Fact]
    public void Rows_sequence_values_configuration_rows_and_large_objects_are_data_the_plan_must_carry()
    {
        var sequence = new InventoryObject(new CatalogId(CatalogId.PgClass, 16440), App, "alice", 0, null, "s", "S", null);
        var inventory = Inventory(sequence) with
        {
            ExtensionConfig = [new ExtensionConfigRelation(ExtTable.ObjectId, 'r', Ext, ExtSchema)],
            LargeObjects = [777],
        };
        var claims = Claims(sequence.Id) with { TableData = new HashSet<uint>() };
        var scope = Scope() with { SelectedRelations = new HashSet<uint> { Table.ObjectId, sequence.Id.ObjectId } };

        Assert.Equal(
            ["rows 1259/16410/0", "sequence value 1259/16440/0", "rows (extension configuration table) 1259/16510/0", "large object 2613/777/0"],
            Compare(inventory, claims, scope));
        Assert.Empty(Compare(inventory, claims, scope with { Options = new DumpOptions { SchemaOnly = true } }));
    }

    [Fact]
    public void A_partition_trigger_clone_folds_into_its_parent_and_an_unknown_catalog_row_is_lost()
    {
        var clone = new InventoryObject(new CatalogId(CatalogId.PgTrigger, 16431), 0, null, Table.ObjectId, null, "tg", "O", Trigger);
        var inventory = Inventory(clone) with { Comments = [new CatalogKey(99999, 16800)] };

        Assert.Equal(["comment 99999/16800/0"], Compare(inventory, Claims()));
    }

    [Fact]
    public void Profile_and_publication_options_explain_what_they_leave_out()
    {
        var publication = new InventoryObject(new CatalogId(CatalogId.PgPublication, 16900), 0, "postgres", 0, null, "supabase_realtime", "", null);
        var member = new InventoryObject(new CatalogId(CatalogId.PgPublicationRel, 16901), 0, null, Table.ObjectId, publication.Id, "", "", null);
        var eventTrigger = new InventoryObject(new CatalogId(CatalogId.PgEventTrigger, 16902), 0, "supabase_admin", 0, null, "issue_pg_net_access", "", null);
        var inventory = Inventory(publication, member, eventTrigger);

        Assert.Equal(["object 6104/16900/0", "object 6106/16901/0", "object 3466/16902/0"], Compare(inventory, Claims()));
        Assert.Empty(Compare(inventory, Claims(), Scope(new DumpOptions { Profile = DumpProfile.Supabase })));
        Assert.Equal(["object 3466/16902/0"], Compare(inventory, Claims(), Scope(new DumpOptions { NoPublications = true })));
    }

    [Fact]
    public void A_shell_operator_named_by_a_written_operator_comes_with_it_and_one_nobody_names_is_left_out_on_purpose()
    {
        var op = new InventoryObject(new CatalogId(CatalogId.PgOperator, 16950), App, "alice", 0, null, "===", "", null);
        var named = new InventoryObject(new CatalogId(CatalogId.PgOperator, 16951), App, "alice", 0, null, "!==", "shell", op.Id);
        var orphan = new InventoryObject(new CatalogId(CatalogId.PgOperator, 16952), App, "alice", 0, null, "!<<>>", "shell", null);
        var inventory = Inventory(op, named, orphan);

        Assert.Empty(Compare(inventory, Claims(op.Id)));
        Assert.Equal(["object 2617/16950/0"], Compare(inventory, Claims()));
        Assert.Equal(["object 2617/16953/0"], Compare(Inventory(op, named, orphan with { Id = new CatalogId(CatalogId.PgOperator, 16953), Kind = "" }), Claims(op.Id)));
    }
}
