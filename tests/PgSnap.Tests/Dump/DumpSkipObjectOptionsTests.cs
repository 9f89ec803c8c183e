using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.Restore;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>
/// Dump-time options of pg_dump 18 that leave a kind of thing out of the dump: the archive lacks it, the coverage
/// audit counts it as the option's doing (the dump exits 0), and the archive restores into a fresh database.
/// </summary>
public sealed class DumpSkipObjectOptionsTests
{
    [Fact]
    public async Task No_policies_leaves_out_policies_and_row_level_security_and_restores()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("dskip_pol_src");
        await RestoreFixture.PsqlAsync(source, """
            CREATE TABLE public.guarded (id int PRIMARY KEY, who text);
            ALTER TABLE public.guarded ENABLE ROW LEVEL SECURITY;
            ALTER TABLE public.guarded FORCE ROW LEVEL SECURITY;
            CREATE POLICY own_rows ON public.guarded USING (who = current_user);
            COMMENT ON POLICY own_rows ON public.guarded IS 'own rows';
            INSERT INTO public.guarded VALUES (1, 'x'), (2, 'y');
            """);
        var file = RestoreFixture.TempFile("dskip_pol.sql");

        var dump = await PgSnapCli.Default.RunAsync(["dump", "-d", server.UrlFor(source), "-f", file, "-q", "--no-policies"]);

        Assert.True(dump.ExitCode == 0, dump.StdErr);
        var dumped = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain("CREATE POLICY", dumped, StringComparison.Ordinal);
        Assert.DoesNotContain("ENABLE ROW LEVEL SECURITY", dumped, StringComparison.Ordinal);
        var target = await server.CreateDatabaseAsync("dskip_pol_dst");
        var restore = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(target), "-q"]);
        Assert.True(restore.ExitCode == 0, restore.StdErr);
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_policy"));
        Assert.False(await server.ScalarAsync<bool>(target, "SELECT relrowsecurity FROM pg_class WHERE oid = 'public.guarded'::regclass"));
        // FORCE belongs to the table, as pg_dump keeps it.
        Assert.True(await server.ScalarAsync<bool>(target, "SELECT relforcerowsecurity FROM pg_class WHERE oid = 'public.guarded'::regclass"));
        Assert.Equal(2L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.guarded"));
    }

    [Fact]
    public async Task No_table_access_method_leaves_out_using_clauses_and_tables_take_the_default()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("dskip_am_src");
        await RestoreFixture.PsqlAsync(source, """
            CREATE ACCESS METHOD dskip_heap2 TYPE TABLE HANDLER heap_tableam_handler;
            CREATE TABLE public.other_am (id int) USING dskip_heap2;
            CREATE MATERIALIZED VIEW public.other_mv USING dskip_heap2 AS SELECT id FROM public.other_am;
            INSERT INTO public.other_am VALUES (1), (2);
            REFRESH MATERIALIZED VIEW public.other_mv;
            """);
        var file = RestoreFixture.TempFile("dskip_am.sql");

        var dump = await PgSnapCli.Default.RunAsync(["dump", "-d", server.UrlFor(source), "-f", file, "-q", "--no-table-access-method"]);

        Assert.True(dump.ExitCode == 0, dump.StdErr);
        var dumped = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain("USING dskip_heap2", dumped, StringComparison.Ordinal);
        Assert.DoesNotContain("default_table_access_method", dumped, StringComparison.Ordinal);
        var target = await server.CreateDatabaseAsync("dskip_am_dst");
        var restore = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(target), "-q"]);
        Assert.True(restore.ExitCode == 0, restore.StdErr);
        Assert.Equal("heap,heap", await server.ScalarAsync<string>(target, "SELECT string_agg(a.amname, ',' ORDER BY c.relname) FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.relname IN ('other_am', 'other_mv')"));
        // The access method itself is still dumped: only the tables' choice of it is left out.
        Assert.Equal(1L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_am WHERE amname = 'dskip_heap2'"));
        Assert.Equal(2L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.other_mv"));
    }

    [Fact]
    public async Task No_toast_compression_leaves_out_column_compression()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("dskip_cmp_src");
        await RestoreFixture.PsqlAsync(source, """
            CREATE TABLE public.docs (id int, body text COMPRESSION pglz);
            INSERT INTO public.docs VALUES (1, 'a');
            """);
        var file = RestoreFixture.TempFile("dskip_cmp.sql");

        var dump = await PgSnapCli.Default.RunAsync(["dump", "-d", server.UrlFor(source), "-f", file, "-q", "--no-toast-compression"]);

        Assert.True(dump.ExitCode == 0, dump.StdErr);
        var dumped = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain("COMPRESSION", dumped, StringComparison.Ordinal);
        var target = await server.CreateDatabaseAsync("dskip_cmp_dst");
        var restore = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(target), "-q"]);
        Assert.True(restore.ExitCode == 0, restore.StdErr);
        Assert.Equal(string.Empty, await server.ScalarAsync<string>(target, "SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'public.docs'::regclass AND attname = 'body'"));
        Assert.Equal(1L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.docs"));
    }

    [Fact]
    public async Task No_unlogged_table_data_keeps_unlogged_tables_without_their_rows()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("dskip_unl_src");
        await RestoreFixture.PsqlAsync(source, """
            CREATE UNLOGGED TABLE public.scratch (id int);
            CREATE TABLE public.kept (id int);
            INSERT INTO public.scratch VALUES (1), (2), (3);
            INSERT INTO public.kept VALUES (1), (2);
            """);
        var file = RestoreFixture.TempFile("dskip_unl.sql");

        var dump = await PgSnapCli.Default.RunAsync(["dump", "-d", server.UrlFor(source), "-f", file, "-q", "--no-unlogged-table-data"]);

        Assert.True(dump.ExitCode == 0, dump.StdErr);

        // verify --against knows the option: the unlogged table's rows are left out on purpose, not missing.
        var against = await PgSnapCli.Default.RunAsync(["verify", file, "--against", server.UrlFor(source)]);
        Assert.True(against.ExitCode == 0, against.StdOutText + against.StdErr);
        Assert.DoesNotContain("is in the live database but not in the archive", against.StdOutText, StringComparison.Ordinal);
        var target = await server.CreateDatabaseAsync("dskip_unl_dst");
        var restore = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(target), "-q"]);
        Assert.True(restore.ExitCode == 0, restore.StdErr);
        Assert.Equal("u", await server.ScalarAsync<string>(target, "SELECT relpersistence::text FROM pg_class WHERE oid = 'public.scratch'::regclass"));
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.scratch"));
        Assert.Equal(2L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.kept"));
    }
}
