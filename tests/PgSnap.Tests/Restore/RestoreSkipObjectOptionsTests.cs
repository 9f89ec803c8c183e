using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

/// <summary>
/// Restore-time --no-policies, --no-publications, --no-subscriptions, --no-security-labels, --no-tablespaces,
/// --no-table-access-method and --no-statistics on any archive (a pg_dump plain file and pgsnap's own), left out as
/// pg_restore 18 leaves them out: by what the statement is (so a function body that only looks like one stays), and
/// FORCE ROW LEVEL SECURITY, which belongs to the table, is kept.
/// </summary>
public sealed class RestoreSkipObjectOptionsTests
{
    private const string Trap = "CREATE POLICY p ON t USING (true); SET default_tablespace = x";

    private static readonly string[] s_skipAll =
        ["--no-policies", "--no-publications", "--no-subscriptions", "--no-security-labels", "--no-tablespaces", "--no-table-access-method", "--no-statistics"];

    [Theory]
    [InlineData("pg_dump")]
    [InlineData("pgsnap")]
    public async Task Policies_publications_tablespaces_and_access_methods_are_left_out_on_request(string maker)
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("rskip_src");
        await RestoreFixture.PsqlAsync(source, $"""
            SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_tablespace WHERE spcname = 'pgsnap_skip_ts') AS need_ts \gset
            \if :need_ts
            SET allow_in_place_tablespaces = on;
            CREATE TABLESPACE pgsnap_skip_ts LOCATION '';
            RESET allow_in_place_tablespaces;
            \endif
            CREATE ACCESS METHOD skip_heap2 TYPE TABLE HANDLER heap_tableam_handler;
            CREATE TABLE public.guarded (id int PRIMARY KEY, who text) TABLESPACE pgsnap_skip_ts;
            CREATE TABLE public.other_am (id int) USING skip_heap2;
            CREATE MATERIALIZED VIEW public.other_mv USING skip_heap2 AS SELECT g.id FROM public.guarded g JOIN public.other_am o USING (id);
            ALTER TABLE public.guarded ENABLE ROW LEVEL SECURITY;
            ALTER TABLE public.guarded FORCE ROW LEVEL SECURITY;
            CREATE POLICY own_rows ON public.guarded USING (who = current_user);
            COMMENT ON POLICY own_rows ON public.guarded IS 'own rows';
            CREATE PUBLICATION pub_skip FOR TABLE public.guarded;
            COMMENT ON PUBLICATION pub_skip IS 'the publication';
            CREATE FUNCTION public.trap() RETURNS text LANGUAGE sql AS $f$ SELECT '{Trap}'::text $f$;
            INSERT INTO public.guarded VALUES (1, 'x'), (2, 'y');
            INSERT INTO public.other_am VALUES (1);
            """);
        var file = RestoreFixture.TempFile("skip.sql");
        await DumpAsync(server, maker, source, file);
        var dumped = await File.ReadAllTextAsync(file);
        Assert.Contains("pgsnap_skip_ts", dumped, StringComparison.Ordinal);
        Assert.Contains("CREATE PUBLICATION", dumped, StringComparison.Ordinal);

        var target = await server.CreateDatabaseAsync("rskip_dst");
        var result = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(target), "-q", .. s_skipAll]);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_policy"));
        Assert.False(await server.ScalarAsync<bool>(target, "SELECT relrowsecurity FROM pg_class WHERE oid = 'public.guarded'::regclass"));
        Assert.True(await server.ScalarAsync<bool>(target, "SELECT relforcerowsecurity FROM pg_class WHERE oid = 'public.guarded'::regclass"));
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_publication"));
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_class WHERE reltablespace <> 0 AND relnamespace = 'public'::regnamespace"));
        Assert.Equal("heap,heap", await server.ScalarAsync<string>(target, "SELECT string_agg(a.amname, ',' ORDER BY c.relname) FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.relname IN ('other_am', 'other_mv')"));
        Assert.Equal(2L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.guarded"));
        Assert.Equal(1L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.other_mv"));
        Assert.Contains(Trap, await server.ScalarAsync<string>(target, "SELECT prosrc FROM pg_proc WHERE proname = 'trap'"), StringComparison.Ordinal);

        // Without the options the same file keeps them all: the skipping above is the options' doing.
        var full = await server.CreateDatabaseAsync("rskip_full");
        var kept = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(full), "-q"]);
        Assert.True(kept.ExitCode == 0, kept.StdErr);
        Assert.Equal(1L, await server.ScalarAsync<long>(full, "SELECT count(*) FROM pg_policy"));
        Assert.True(await server.ScalarAsync<bool>(full, "SELECT relrowsecurity FROM pg_class WHERE oid = 'public.guarded'::regclass"));
        Assert.Equal(1L, await server.ScalarAsync<long>(full, "SELECT count(*) FROM pg_publication_tables WHERE pubname = 'pub_skip'"));
        Assert.Equal("pgsnap_skip_ts", await server.ScalarAsync<string>(full, "SELECT tablespace FROM pg_tables WHERE tablename = 'guarded'"));
        Assert.Equal("skip_heap2,skip_heap2", await server.ScalarAsync<string>(full, "SELECT string_agg(a.amname, ',' ORDER BY c.relname) FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.relname IN ('other_am', 'other_mv')"));
    }

    /// <summary>
    /// Security labels need a label provider (none in the test cluster), subscriptions and pg_dump 18's statistics
    /// calls are written here as pg_dump writes them: each would run (and the label and, before 18, the statistics
    /// call fail) without its option.
    /// </summary>
    [Fact]
    public async Task Security_labels_subscriptions_and_statistics_of_a_pg_dump_file_are_left_out_on_request()
    {
        var server = await TestServer.GetAsync();
        var file = RestoreFixture.TempFile("labels.sql");
        await File.WriteAllTextAsync(file, """
            --
            -- PostgreSQL database dump
            --

            SET statement_timeout = 0;
            SET default_tablespace = '';

            CREATE TABLE public.labelled (id integer);

            SECURITY LABEL FOR selinux ON TABLE public.labelled IS 'system_u:object_r:sepgsql_table_t:s0';

            CREATE SUBSCRIPTION sub_skip CONNECTION 'host=127.0.0.1 port=1 dbname=nowhere' PUBLICATION pub_a WITH (connect = false, slot_name = 'sub_skip');

            COMMENT ON SUBSCRIPTION sub_skip IS 'from the old box';

            SECURITY LABEL FOR selinux ON SUBSCRIPTION sub_skip IS 'x';

            SELECT * FROM pg_catalog.pg_restore_relation_stats(
            	'version', '180000'::integer,
            	'schemaname', 'public',
            	'relname', 'labelled',
            	'relpages', '1'::integer,
            	'reltuples', '5'::real
            );

            --
            -- PostgreSQL database dump complete
            --

            """);
        var target = await server.CreateDatabaseAsync("rskip_lbl");

        var result = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(target), "-q", "--no-security-labels", "--no-subscriptions", "--no-statistics"]);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(1L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_class WHERE relname = 'labelled'"));
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())"));
        Assert.Equal(0, await server.ScalarAsync<int>(target, "SELECT relpages FROM pg_class WHERE relname = 'labelled'"));

        var labelled = await PgSnapCli.Default.RunAsync(["restore", file, "-d", server.UrlFor(await server.CreateDatabaseAsync("rskip_lbl2")), "-q", "--no-subscriptions", "--no-statistics"]);
        Assert.NotEqual(0, labelled.ExitCode);
        Assert.Contains("security label", labelled.StdErr, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task DumpAsync(TestServer server, string maker, string database, string file)
    {
        if (maker == "pg_dump")
        {
            await RestoreFixture.PgDumpAsync(database, file);
            return;
        }

        var result = await PgSnapCli.Default.RunAsync(["dump", "-d", server.UrlFor(database), "-f", file, "-q"]);
        Assert.True(result.ExitCode == 0, result.StdErr);
    }
}
