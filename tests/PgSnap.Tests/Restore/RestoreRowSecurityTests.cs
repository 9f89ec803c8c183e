using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

/// <summary>
/// Restore --enable-row-security (pg_restore's): the sessions run with row_security = on, overriding the archive's
/// own SET row_security = off, so a role subject to row-level security (here through --role) can load rows into a
/// table whose policies let them in; without it the server refuses the rows. As with pg_restore, the archive must
/// hold INSERTs (dump --inserts): the server does not run COPY FROM under row-level security.
/// </summary>
public sealed class RestoreRowSecurityTests
{
    [Theory]
    [InlineData("pg_dump")]
    [InlineData("pgsnap")]
    public async Task Rows_load_under_the_tables_policies_as_a_role_that_does_not_bypass_them(string maker)
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("rrls_src");
        await server.ExecuteAsync(source, "CREATE TABLE public.guarded (id int PRIMARY KEY, who text); INSERT INTO public.guarded VALUES (1, 'x'), (2, 'y');");
        var file = RestoreFixture.TempFile("rls.sql");
        if (maker == "pg_dump")
        {
            await RestoreFixture.PgDumpAsync(source, file, "--data-only", "--inserts");
        }
        else
        {
            var dumped = await PgSnapCli.Default.RunAsync(["dump", "-d", server.UrlFor(source), "-f", file, "-q", "--data-only", "--inserts"]);
            Assert.True(dumped.ExitCode == 0, dumped.StdErr);
        }

        Assert.Contains("row_security = off", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        var role = $"rrls_loader_{Environment.ProcessId}";
        await server.ExecuteAsync("postgres", $"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE {role} NOLOGIN; END IF; END $$; GRANT {role} TO CURRENT_USER;");
        var setup = $"""
            CREATE TABLE public.guarded (id int PRIMARY KEY, who text);
            ALTER TABLE public.guarded OWNER TO {role};
            ALTER TABLE public.guarded ENABLE ROW LEVEL SECURITY;
            ALTER TABLE public.guarded FORCE ROW LEVEL SECURITY;
            CREATE POLICY all_rows ON public.guarded USING (true) WITH CHECK (true);
            """;
        var refused = await server.CreateDatabaseAsync("rrls_off");
        await server.ExecuteAsync(refused, setup);
        var without = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(refused), "--role", role, "--no-safety-backup", "-q"]);
        Assert.NotEqual(0, without.ExitCode);
        Assert.Contains("row-level security", without.StdErr, StringComparison.Ordinal);

        var target = await server.CreateDatabaseAsync("rrls_on");
        await server.ExecuteAsync(target, setup);
        var result = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(target), "--role", role, "--no-safety-backup", "--enable-row-security", "-q"]);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(2L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.guarded"));
    }
}
