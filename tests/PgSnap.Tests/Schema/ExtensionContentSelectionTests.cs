using PgSnap.Dump;
using PgSnap.Model;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.Majors;
using Xunit;

namespace PgSnap.Tests.Schema;

/// <summary>
/// What of extensions' contents a dump carries under the options and profiles: privileges changed since CREATE
/// EXTENSION (and on built-in objects) and configuration tables' user rows. The fidelity matrix proves they round-trip
/// in full, schema-only and data-only dumps; this checks the selection around them.
/// </summary>
public sealed class ExtensionContentSelectionTests
{
    /// <summary>A grant on a built-in object and a used configuration sequence, beyond the shared source.</summary>
    private const string ExtraSetup = """
        GRANT USAGE ON LANGUAGE plpgsql TO pgsnap_ecs_role;
        SELECT nextval('cron.cfg_ids');
        """;

    private static Task<(TestServer Server, string Database)> SourceAsync(string prefix) =>
        ExtensionSelectionSource.CreateAsync(prefix, "pgsnap_ecs_role", ExtraSetup);

    private static List<string> Acls(DumpPlan plan) => ExtensionSelectionSource.Acls(plan);

    [Fact]
    public async Task A_full_dump_carries_member_and_built_in_privileges_and_configuration_rows_and_sequence_values()
    {
        var (server, db) = await SourceAsync("ecs_full");
        var plan = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions());

        Assert.Equal(["FUNCTION digest(text, text)", "FUNCTION pg_stat_reset()", "LANGUAGE plpgsql", "TYPE hstore"], Acls(plan).Order(StringComparer.Ordinal));
        var extension = plan.PreData.Select((e, i) => (e, i)).First(x => x.e.Kind == "EXTENSION" && x.e.Name == "pgcrypto").i;
        Assert.True(plan.PreData.Select((e, i) => (e, i)).First(x => x.e.Name == "FUNCTION digest(text, text)").i > extension);
        var config = Assert.Single(plan.TableData, t => t.IsExtensionConfiguration && t.Name == "cfg_items");
        Assert.Equal("WHERE is_user", config.Filter);
        Assert.Contains(plan.TableData, t => t.Name == "cfg_log" && t.Filter == string.Empty);
        Assert.Contains(plan.DataDdl, e => e.Kind == "SEQUENCE SET" && e.Name == "cfg_ids");
        await server.DropDatabaseAsync(db);
    }

    [Fact]
    public async Task No_acl_schema_selection_and_data_only_narrow_what_is_carried()
    {
        var (server, db) = await SourceAsync("ecs_opts");

        Assert.Empty(Acls(await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { NoAcl = true })));

        // -n: extensions and pg_catalog are out, as with pg_dump; the built-in plpgsql extension's members are not.
        var narrowed = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { IncludeSchemas = ["app"] });
        Assert.Equal(["LANGUAGE plpgsql"], Acls(narrowed));
        Assert.DoesNotContain(narrowed.TableData, t => t.IsExtensionConfiguration);

        // -n naming the configuration table's schema brings its rows, -T leaves them out.
        var cron = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { IncludeSchemas = ["cron"] });
        Assert.Contains(cron.TableData, t => t.Name == "cfg_items" && t.IsExtensionConfiguration);
        var excluded = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { ExcludeTables = ["cron.cfg_items"], ExcludeTableData = ["cron.cfg_log"] });
        Assert.DoesNotContain(excluded.TableData, t => t.Name is "cfg_items" or "cfg_log");

        // The schema side carries configuration rows, so a data-only dump does not (loaded once after a schema-only
        // restore), but it does carry the configuration sequence's value.
        var dataOnly = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { DataOnly = true });
        Assert.DoesNotContain(dataOnly.TableData, t => t.IsExtensionConfiguration);
        Assert.Contains(dataOnly.DataDdl, e => e.Kind == "SEQUENCE SET" && e.Name == "cfg_ids");
        Assert.Empty(dataOnly.PreData);
        await server.DropDatabaseAsync(db);
    }

    [Fact]
    public async Task Supabase_leaves_managed_schemas_privileges_to_the_platform_and_moves_their_configuration_rows_as_data()
    {
        var (server, db) = await SourceAsync("ecs_supa");

        // pg_catalog and extensions are managed: their grants are the platform's. app is the project's; plpgsql has no schema.
        var schema = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { Profile = DumpProfile.Supabase });
        Assert.Equal(["LANGUAGE plpgsql", "TYPE hstore"], Acls(schema).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(schema.TableData, t => t.IsExtensionConfiguration);

        // cron is managed but its data is kept: the data-only dump carries the jobs.
        var data = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { Profile = DumpProfile.Supabase, DataOnly = true });
        Assert.Contains(data.TableData, t => t.Name == "cfg_items" && t.Filter == "WHERE is_user");
        await server.DropDatabaseAsync(db);
    }
}
