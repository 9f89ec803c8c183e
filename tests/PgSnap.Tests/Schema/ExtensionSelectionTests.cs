using PgSnap.Dump;
using PgSnap.Model;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.Majors;
using Xunit;

namespace PgSnap.Tests.Schema;

/// <summary>
/// -e/--extension and --exclude-extension, as pg_dump 14+/17 carry them out: which CREATE EXTENSION a dump writes,
/// and with it the privileges changed on the extension's members and its configuration rows; -e also narrows the dump
/// like -n/-t (no casts, no pg_catalog privileges, no large objects) while every schema and table is still dumped.
/// </summary>
public sealed class ExtensionSelectionTests
{
    private static Task<(TestServer Server, string Database)> SourceAsync(string prefix) =>
        ExtensionSelectionSource.CreateAsync(prefix, "pgsnap_ext_sel_role");

    private static List<string> Acls(DumpPlan plan) => ExtensionSelectionSource.Acls(plan);

    private static List<string> Extensions(DumpPlan plan) => [.. plan.PreData.Where(e => e.Kind == "EXTENSION").Select(e => e.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Extension_pattern_dumps_only_the_matching_extensions_and_narrows_global_objects()
    {
        var (server, db) = await SourceAsync("ext_sel_inc");

        var plan = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { IncludeExtensions = ["PGCRYPTO"] });
        Assert.Equal(["pgcrypto"], Extensions(plan));

        // The member's grant comes with its extension; hstore's is not dumped, nor pg_catalog's (as with -n/-t).
        Assert.Equal(["FUNCTION digest(text, text)"], Acls(plan));
        Assert.Contains(plan.PreData, e => e.Kind == "TABLE" && e.Schema == "app" && e.Name == "t");
        Assert.Contains(plan.PreData, e => e.Kind == "SCHEMA" && e.Name == "cron");
        Assert.DoesNotContain(plan.TableData, t => t.IsExtensionConfiguration);

        var wildcard = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { IncludeExtensions = ["pg*"] });
        Assert.Equal(["pgcrypto", "pgsnap_cfgtest"], Extensions(wildcard));
        Assert.Contains(wildcard.TableData, t => t.Name == "cfg_items" && t.IsExtensionConfiguration);
        await server.DropDatabaseAsync(db);
    }

    [Fact]
    public async Task Exclude_extension_leaves_out_the_extension_its_member_privileges_and_its_configuration_rows()
    {
        var (server, db) = await SourceAsync("ext_sel_exc");

        var plan = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { ExcludeExtensions = ["hstore", "pgsnap_cfg*"] });
        Assert.Equal(["pgcrypto"], Extensions(plan));
        Assert.Equal(["FUNCTION digest(text, text)", "FUNCTION pg_stat_reset()"], Acls(plan));

        // cron is dumped, yet pg_dump skips an excluded extension's configuration rows whatever the schema.
        Assert.Contains(plan.PreData, e => e.Kind == "SCHEMA" && e.Name == "cron");
        Assert.DoesNotContain(plan.TableData, t => t.IsExtensionConfiguration);

        var both = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { IncludeExtensions = ["pg*"], ExcludeExtensions = ["pgcrypto"] });
        Assert.Equal(["pgsnap_cfgtest"], Extensions(both));
        await server.DropDatabaseAsync(db);
    }

    [Fact]
    public async Task An_extension_pattern_that_matches_nothing_is_an_error()
    {
        var (server, db) = await SourceAsync("ext_sel_strict");

        var strict = await Assert.ThrowsAsync<PgSnapException>(() => SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { IncludeExtensions = ["pgcrypto", "nosuch"] }));
        Assert.Equal("no matching extensions were found for pattern \"nosuch\"", strict.Message);
        var loose = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { IncludeExtensions = ["pgcrypto", "nosuch"], StrictNames = false });
        Assert.Equal(["pgcrypto"], Extensions(loose));
        var none = await Assert.ThrowsAsync<PgSnapException>(() => SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { IncludeExtensions = ["nosuch"], StrictNames = false }));
        Assert.Equal("no matching extensions were found", none.Message);
        var dotted = await Assert.ThrowsAsync<PgSnapException>(() => SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { IncludeExtensions = ["public.pgcrypto"] }));
        Assert.StartsWith("improper qualified name", dotted.Message, StringComparison.Ordinal);
        await server.DropDatabaseAsync(db);
    }
}
