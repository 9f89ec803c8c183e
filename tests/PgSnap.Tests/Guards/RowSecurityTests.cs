using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Guards;

/// <summary>
/// A role subject to row-level security (no BYPASSRLS, not the owner, or the owner of a FORCEd table) would not see
/// every row: the dump is refused before any data is read, naming every such table, unless --enable-row-security asks
/// for the visible rows, which the archive header then says. Tables the role owns without FORCE are not listed.
/// </summary>
public sealed class RowSecurityTests
{
    [Fact]
    public async Task A_role_under_row_level_security_is_refused_up_front_unless_it_asks_for_the_rows_it_can_see()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("rls_pf");
        var role = $"rls_app_{Environment.ProcessId}_{Guid.NewGuid():N}"[..30];
        var folder = GuardsKit.TempFolder("pgsnap-rls-");
        try
        {
            await server.ExecuteAsync(db, $"""
                CREATE ROLE {role} LOGIN PASSWORD 'rls-pass';
                CREATE TABLE public.aaa_plain (id int);
                INSERT INTO public.aaa_plain SELECT generate_series(1, 5);
                CREATE TABLE public.tenants_data (id int, tenant text);
                INSERT INTO public.tenants_data SELECT g, CASE WHEN g % 2 = 0 THEN 'mine' ELSE 'other' END FROM generate_series(1, 10) g;
                ALTER TABLE public.tenants_data ENABLE ROW LEVEL SECURITY;
                CREATE POLICY only_mine ON public.tenants_data FOR SELECT USING (tenant = 'mine');
                CREATE TABLE public.forced (id int);
                ALTER TABLE public.forced OWNER TO {role};
                ALTER TABLE public.forced ENABLE ROW LEVEL SECURITY;
                ALTER TABLE public.forced FORCE ROW LEVEL SECURITY;
                CREATE TABLE public.owned_not_forced (id int);
                ALTER TABLE public.owned_not_forced OWNER TO {role};
                ALTER TABLE public.owned_not_forced ENABLE ROW LEVEL SECURITY;
                GRANT SELECT ON public.aaa_plain, public.tenants_data TO {role};
                """);
            var url = $"postgresql://{role}:rls-pass@{server.Host}:{server.Port}/{db}?sslmode=disable";
            var refusedFile = Path.Combine(folder, "refused.sql");

            var refused = await PgSnapCli.Default.RunAsync(["dump", "--url", url, "-f", refusedFile]);

            Assert.True(refused.ExitCode == 6, refused.StdErr);
            Assert.Contains($"role {role} is subject to row-level security on 2 table(s)", refused.StdErr, StringComparison.Ordinal);
            Assert.Contains("public.forced, public.tenants_data", refused.StdErr, StringComparison.Ordinal);
            Assert.Contains("--enable-row-security", refused.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("owned_not_forced", refused.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("rls-pass", refused.StdErr, StringComparison.Ordinal);
            GuardsKit.AssertNoFiles(folder);

            var partial = Path.Combine(folder, "visible.sql");
            var dumped = await PgSnapCli.Default.RunAsync(["dump", "--url", url, "-f", partial, "--enable-row-security"]);
            Assert.True(dumped.ExitCode == 0, dumped.StdErr);
            var verify = await PgSnapCli.Default.RunCheckedAsync(["verify", partial]);
            Assert.Contains("WARNING (archive header): dumped with --enable-row-security as role " + role, verify.StdOutText, StringComparison.Ordinal);

            var target = await server.CreateDatabaseAsync("rls_visible");
            try
            {
                await PgSnapCli.Default.RunCheckedAsync(["restore", partial, "--url", server.UrlFor(target), "--no-owner"]);
                Assert.Equal(5L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.tenants_data"));
                Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.tenants_data WHERE tenant <> 'mine'"));
                Assert.Equal(5L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.aaa_plain"));
            }
            finally
            {
                await server.DropDatabaseAsync(target);
            }
        }
        finally
        {
            await server.DropDatabaseAsync(db);
            await server.ExecuteAsync("postgres", $"DROP ROLE IF EXISTS {role}");
            Directory.Delete(folder, recursive: true);
        }
    }
}
