using PgSnap.Dump;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Schema;

public sealed class PlanOptionsTests
{
    [Fact]
    public async Task Quote_all_identifiers_quotes_plain_names_and_still_round_trips()
    {
        var result = await SchemaRoundTrip.RunAsync(
            "CREATE TABLE public.plain (id int PRIMARY KEY, v text DEFAULT 'x'); CREATE VIEW public.pv AS SELECT id FROM public.plain;",
            new DumpOptions { QuoteAllIdentifiers = true },
            "quoteall");
        SchemaRoundTrip.AssertSame(result);
        Assert.Contains("CREATE TABLE \"public\".\"plain\"", result.Script, StringComparison.Ordinal);
        Assert.Contains("\"public\".\"plain\"", result.Plan.PreData.Single(e => e.Kind == "VIEW").Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Large_object_metadata_is_planned_unless_no_large_objects_or_a_selection()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("lo_meta");
        await server.ExecuteAsync(db, """
            DO $$ BEGIN CREATE ROLE pgsnap_lo_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
            SELECT lo_create(424242);
            GRANT SELECT ON LARGE OBJECT 424242 TO pgsnap_lo_reader;
            COMMENT ON LARGE OBJECT 424242 IS 'a blob';
            CREATE TABLE public.t (id int);
            """);
        var plan = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions());
        var blob = Assert.Single(plan.PreData, e => e.Kind == "BLOB METADATA");
        Assert.Equal(
            "SELECT pg_catalog.lo_create('424242');\nALTER LARGE OBJECT 424242 OWNER TO postgres;\nGRANT SELECT ON LARGE OBJECT 424242 TO pgsnap_lo_reader;\nCOMMENT ON LARGE OBJECT 424242 IS 'a blob';\n",
            blob.Sql.Replace("OWNER TO " + server.User, "OWNER TO postgres", StringComparison.Ordinal));
        var target = await server.CreateDatabaseAsync("lo_meta_dst");
        await SchemaRoundTrip.RunPsqlAsync(server, target, SchemaRoundTrip.ToScript(plan));
        Assert.Equal("a blob", await server.ScalarAsync<string>(target, "SELECT obj_description(424242, 'pg_largeobject')"));
        Assert.DoesNotContain((await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { NoLargeObjects = true })).PreData, e => e.Kind == "BLOB METADATA");
        Assert.DoesNotContain((await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { IncludeTables = ["t"] })).PreData, e => e.Kind == "BLOB METADATA");
        Assert.Contains((await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { DataOnly = true })).DataDdl, e => e.Kind == "BLOB METADATA");
    }

    [Fact]
    public async Task Schema_only_and_data_only_together_are_a_usage_error()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("both_modes");
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { SchemaOnly = true, DataOnly = true }));
        Assert.Equal(PgSnapErrorKind.Usage, ex.Kind);
    }
}
