using PgSnap.Dump;
using PgSnap.Model;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Schema;

public sealed class FilterTests
{
    private const string Setup = """
        CREATE SCHEMA sales;
        CREATE SCHEMA hr;
        CREATE SCHEMA "Mixed";
        CREATE TABLE sales.orders (id serial PRIMARY KEY);
        CREATE TABLE sales.order_lines (id int REFERENCES sales.orders (id));
        CREATE TABLE sales.archive (id int);
        CREATE TABLE hr.people (id int);
        CREATE TABLE "Mixed"."Big" (id int);
        CREATE TABLE public.orders (id int);
        CREATE FUNCTION sales.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        """;

    private static async Task<DumpPlan> PlanAsync(DumpOptions options)
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("filter");
        await server.ExecuteAsync(db, Setup);
        return await SchemaRoundTrip.PlanAsync(server, db, options);
    }

    private static IEnumerable<string> Tables(DumpPlan plan) =>
        plan.PreData.Where(e => e.Kind == "TABLE").Select(e => e.Schema + "." + e.Name).Order(StringComparer.Ordinal);

    [Fact]
    public async Task Schema_pattern_selects_only_that_schema_and_leaves_out_extensions()
    {
        var plan = await PlanAsync(new DumpOptions { IncludeSchemas = ["sales"] });
        Assert.Equal(["sales.archive", "sales.order_lines", "sales.orders"], Tables(plan));
        Assert.DoesNotContain(plan.PreData, e => e.Kind == "EXTENSION");
        Assert.Contains(plan.PreData, e => e.Kind == "FUNCTION");
    }

    [Fact]
    public async Task Exclude_schema_and_table_patterns_with_wildcards_and_quotes_remove_objects()
    {
        var plan = await PlanAsync(new DumpOptions { ExcludeSchemas = ["h?", "\"Mixed\""], ExcludeTables = ["sales.*_lines", "ORDERS"] });
        Assert.Equal(["sales.archive", "sales.orders"], Tables(plan));
        Assert.Contains(plan.PreData, e => e.Kind == "EXTENSION" && e.Name == "pg_trgm");
    }

    [Fact]
    public async Task Table_pattern_dumps_only_matching_tables_with_their_owned_sequences()
    {
        var plan = await PlanAsync(new DumpOptions { IncludeTables = ["sales.orders", "sales.order_lines"] });
        Assert.Equal(["sales.order_lines", "sales.orders"], Tables(plan));
        Assert.DoesNotContain(plan.PreData, e => e.Kind is "SCHEMA" or "FUNCTION" or "EXTENSION");
        Assert.Contains(plan.PreData, e => e.Kind == "SEQUENCE" && e.Name == "orders_id_seq");
        Assert.Contains(plan.PostData, e => e.Kind == "FK CONSTRAINT");
        Assert.Equal(2, plan.TableData.Count);
    }

    [Fact]
    public async Task Unqualified_table_pattern_matches_tables_visible_on_the_search_path()
    {
        var plan = await PlanAsync(new DumpOptions { IncludeTables = ["orders"] });
        Assert.Equal(["public.orders"], Tables(plan));
    }

    [Fact]
    public async Task Exclude_table_data_keeps_the_definition_but_not_the_rows()
    {
        var plan = await PlanAsync(new DumpOptions { ExcludeTableData = ["sales.archive"] });
        Assert.Contains("sales.archive", Tables(plan));
        Assert.DoesNotContain(plan.TableData, t => t.Name == "archive");
        Assert.Contains(plan.TableData, t => t.Name == "orders" && t.Schema == "sales");
    }

    [Fact]
    public async Task A_pattern_that_matches_nothing_is_an_error_only_with_strict_names()
    {
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => PlanAsync(new DumpOptions { IncludeTables = ["nope*"] }));
        Assert.Equal(PgSnapErrorKind.Usage, ex.Kind);
        var plan = await PlanAsync(new DumpOptions { IncludeTables = ["nope*"], StrictNames = false });
        Assert.Empty(plan.PreData);
        Assert.Empty(plan.TableData);
    }
}
