using System.Text;
using PgSnap.Restore;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

/// <summary>
/// Statements go to the server many per round trip (a batch runs as one implicit transaction), yet a failure
/// still names its own file:line and statement, nothing after it runs, what came before it stays (without -1), and
/// -1 rolls everything back. Statements that behave differently inside a transaction block run alone.
/// </summary>
public sealed class BatchedRestoreTests
{
    [Fact]
    public async Task Statements_share_round_trips()
    {
        var server = await TestServer.GetAsync();
        var target = await server.CreateDatabaseAsync("rb_share");
        var file = RestoreFixture.TempFile("share.sql");
        var sql = new StringBuilder("CREATE TABLE public.seen (xid bigint);\n");
        for (var i = 0; i < 450; i++)
        {
            // Each statement records the transaction it ran in: one per round trip when batched.
            sql.Append("INSERT INTO public.seen SELECT pg_catalog.txid_current();\n");
        }

        await File.WriteAllTextAsync(file, sql.ToString());

        await RestoreFixture.RestoreAsync(file, target);

        Assert.Equal(450L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.seen"));
        var transactions = await server.ScalarAsync<long>(target, "SELECT count(DISTINCT xid) FROM public.seen");
        Assert.True(transactions <= 4, $"451 statements ran in {transactions} transactions (round trips); expected at most 4");
    }

    [Fact]
    public async Task A_failure_mid_batch_names_its_line_keeps_what_came_before_and_runs_nothing_after()
    {
        var server = await TestServer.GetAsync();
        var target = await server.CreateDatabaseAsync("rb_fail");
        var file = RestoreFixture.TempFile("fail.sql");
        await File.WriteAllTextAsync(file, FailingScript());

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(file, target));

        Assert.Equal(PgSnapErrorKind.RestoreFailed, ex.Kind);
        Assert.Contains($"{file}:12: CREATE TABLE public.bad (a public.no_such_type,: ERROR 42704: type \"public.no_such_type\" does not exist", ex.Message, StringComparison.Ordinal);
        // Everything before the failing statement is committed, as with a statement-by-statement restore …
        Assert.Equal("t1,t2,t3,t4,t5", await server.ScalarAsync<string>(target, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'bad'"));
        Assert.Equal(3L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.t1"));
        // … and nothing after it ran, not even in a transaction that was rolled back (a sequence would have moved).
        Assert.False(await server.ScalarAsync<bool>(target, "SELECT is_called FROM public.after_seq"));
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_tables WHERE tablename IN ('t6', 'bad')"));
    }

    [Fact]
    public async Task A_failure_mid_batch_in_one_transaction_rolls_back_everything()
    {
        var server = await TestServer.GetAsync();
        var target = await server.CreateDatabaseAsync("rb_fail1");
        var file = RestoreFixture.TempFile("fail1.sql");
        await File.WriteAllTextAsync(file, FailingScript());

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(file, target, new RestoreOptions { SingleTransaction = true }));

        Assert.Contains($"{file}:12: CREATE TABLE public.bad", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"));
    }

    [Fact]
    public async Task Statements_that_differ_inside_a_transaction_block_run_alone()
    {
        var server = await TestServer.GetAsync();
        var target = await server.CreateDatabaseAsync("rb_alone");
        var file = RestoreFixture.TempFile("alone.sql");
        // A new enum label cannot be used in the transaction that added it, and CREATE INDEX CONCURRENTLY is
        // refused in a transaction block: batched with their neighbours, both would fail.
        await File.WriteAllTextAsync(file, """
            CREATE TYPE public.e AS ENUM ('a');
            ALTER TYPE public.e ADD VALUE 'b';
            CREATE TABLE public.t (x public.e DEFAULT 'b');
            INSERT INTO public.t DEFAULT VALUES;
            CREATE INDEX CONCURRENTLY t_x ON public.t (x);
            COMMENT ON INDEX public.t_x IS 'built concurrently';
            """);

        await RestoreFixture.RestoreAsync(file, target);

        Assert.Equal("b", await server.ScalarAsync<string>(target, "SELECT x::text FROM public.t"));
        Assert.Equal("built concurrently", await server.ScalarAsync<string>(target, "SELECT obj_description('public.t_x'::regclass, 'pg_class')"));
    }

    [Fact]
    public async Task Pre_data_blocks_share_round_trips_under_jobs()
    {
        var server = await TestServer.GetAsync();
        var target = await server.CreateDatabaseAsync("rb_jobs");
        var builder = new TestArchiveBuilder()
            .Add("pre-data", "TABLE", "public", "seen", "CREATE TABLE public.seen (xid bigint);");
        for (var i = 0; i < 300; i++)
        {
            // One block per statement, as a dump writes one per object; each records its transaction.
            builder.Add("pre-data", "TABLE", "public", $"t{i}", $"CREATE TABLE public.t{i} (a int);\nINSERT INTO public.seen SELECT pg_catalog.txid_current();");
        }

        var file = RestoreFixture.TempFile("jobs.sql");
        await File.WriteAllBytesAsync(file, builder.Build(PgSnap.Archive.ArchiveCompression.None));

        await RestoreFixture.RestoreAsync(file, target, new RestoreOptions { Jobs = 2 });

        Assert.Equal(300L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.seen"));
        var transactions = await server.ScalarAsync<long>(target, "SELECT count(DISTINCT xid) FROM public.seen");
        Assert.True(transactions <= 5, $"300 pre-data blocks ran in {transactions} transactions (round trips); expected at most 5");
    }

    /// <summary>Five tables with rows, then (line 12) a statement that fails, then statements that must not run.</summary>
    private static string FailingScript() => """
        CREATE SEQUENCE public.after_seq;
        CREATE TABLE public.t1 (a int);
        INSERT INTO public.t1 VALUES (1), (2), (3);
        CREATE TABLE public.t2 (a int);
        CREATE TABLE public.t3 (a int);
        CREATE TABLE public.t4 (a int);
        COMMENT ON TABLE public.t4 IS 'four';
        CREATE TABLE public.t5 (
            a int,
            b text
        );
        CREATE TABLE public.bad (a public.no_such_type,
            b int);
        SELECT pg_catalog.nextval('public.after_seq');
        CREATE TABLE public.t6 (a int);
        """;
}
