using Npgsql;
using PgSnap.Archive.Reading;
using PgSnap.Data;
using PgSnap.Dump;
using PgSnap.Restore;
using PgSnap.Restore.Execution;
using PgSnap.Restore.Parallel;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>
/// -j N workers log in at the same time, in a dump and in a restore: against a remote server each login is several
/// round trips, so N logins one after the other cost N times that. Each test holds every login at a gate until all N
/// have arrived; logins made one after the other never get there (the first waits alone until the gate gives up).
/// </summary>
public sealed class ParallelLoginTests
{
    private const int Jobs = 3;
    private static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_dumps_workers_open_their_sessions_at_the_same_time()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("par_login_dump");
        await server.ExecuteAsync(db, "CREATE TABLE public.a (id int); CREATE TABLE public.b (id int); CREATE TABLE public.c (id int); INSERT INTO public.a VALUES (1); INSERT INTO public.b VALUES (2); INSERT INTO public.c VALUES (3);");
        var dir = Directory.CreateTempSubdirectory("pgsnap-parlogin-").FullName;
        try
        {
            var gate = new Gate(Jobs);
            await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(db));
            var factory = new GatedFactory(new NpgsqlCopyOutSessionFactory(dataSource, DumpTestKit.Spec(server, db)), gate);
            await DumpTestKit.DumpToFileAsync(server, db, Path.Combine(dir, "d.sql"), DumpTestKit.PlanFrom("SELECT 1;\n"), new DumpOptions { Jobs = Jobs }, sessions: factory);
            Assert.Equal(Jobs, gate.MostWaiting);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_dumps_workers_log_in_while_the_catalog_is_read()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("par_login_early");
        await server.ExecuteAsync(db, "CREATE TABLE public.a (id int); CREATE TABLE public.b (id int); INSERT INTO public.a VALUES (1); INSERT INTO public.b VALUES (2);");
        var dir = Directory.CreateTempSubdirectory("pgsnap-parlogin-").FullName;
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(db));
            var factory = new CountingFactory(new NpgsqlCopyOutSessionFactory(dataSource, DumpTestKit.Spec(server, db)), failFirst: false);
            var plan = DumpTestKit.PlanFrom("SELECT 1;\n");

            // The plan waits until both workers have logged in: workers opened only after the plan never get there.
            var openedWhenPlanned = -1;
            DumpPlanSource waitingPlan = async (connection, options, siblings, ct) =>
            {
                await Task.WhenAny(factory.TwoOpened, Task.Delay(GateTimeout, ct));
                openedWhenPlanned = factory.Opened;
                return await plan(connection, options, siblings, ct);
            };
            var path = Path.Combine(dir, "d.sql");
            await DumpTestKit.DumpToFileAsync(server, db, path, waitingPlan, new DumpOptions { Jobs = 2 }, sessions: factory);
            Assert.True(openedWhenPlanned == 2, $"{openedWhenPlanned} worker(s) had logged in when the plan was done");
            Assert.Equal(2, factory.Opened);
            var text = await File.ReadAllTextAsync(path);
            Assert.Contains("COPY public.a", text, StringComparison.Ordinal);
            Assert.Contains("COPY public.b", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_worker_that_could_not_log_in_early_is_opened_again_after_the_planning()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("par_login_retry");
        await server.ExecuteAsync(db, "CREATE TABLE public.a (id int); INSERT INTO public.a VALUES (1), (2), (3);");
        var dir = Directory.CreateTempSubdirectory("pgsnap-parlogin-").FullName;
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(db));

            // The first login meets a server at its connection limit (the planning's own sessions were still open).
            var factory = new CountingFactory(new NpgsqlCopyOutSessionFactory(dataSource, DumpTestKit.Spec(server, db)), failFirst: true);
            var path = Path.Combine(dir, "d.sql");
            var summary = await DumpTestKit.DumpToFileAsync(server, db, path, DumpTestKit.PlanFrom("SELECT 1;\n"), new DumpOptions { Jobs = 1 }, sessions: factory);
            Assert.Equal(2, factory.Attempts);
            Assert.Equal(1, factory.Opened);
            Assert.Equal(3L, summary.Rows);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_restores_workers_log_in_at_the_same_time()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("par_login_src");
        await server.ExecuteAsync(db, "CREATE TABLE public.a (id int); CREATE TABLE public.b (id int); CREATE TABLE public.c (id int); CREATE TABLE public.d (id int); INSERT INTO public.a VALUES (1); INSERT INTO public.b VALUES (2); INSERT INTO public.c VALUES (3); INSERT INTO public.d VALUES (4);");
        var dir = Directory.CreateTempSubdirectory("pgsnap-parlogin-").FullName;
        try
        {
            var path = Path.Combine(dir, "d.sql");
            await PgSnap.Tests.Cli.PgSnapCli.Default.RunCheckedAsync(["dump", "-d", server.UrlFor(db), "-f", path, "-q"]);
            var target = await server.CreateDatabaseAsync("par_login_dst");
            using var index = (await ArchiveIndex.TryOpenAsync(path, CancellationToken.None))!;
            var gate = new Gate(Jobs - 1);
            var restorer = new ParallelRestorer(index, path, new RestoreOptions { Jobs = Jobs }, new RestoreCounters(null, null), async ct =>
            {
                await gate.WaitForAllAsync();
                var connection = new NpgsqlConnection(server.ConnectionStringFor(target));
                await connection.OpenAsync(ct);
                return connection;
            });
            await using (var main = new NpgsqlConnection(server.ConnectionStringFor(target)))
            {
                await main.OpenAsync();
                await restorer.RunAsync(main, CancellationToken.None);
            }

            Assert.Equal(Jobs - 1, gate.MostWaiting);
            Assert.Equal(4L, await server.ScalarAsync<long>(target, "SELECT (SELECT count(*) FROM public.a) + (SELECT count(*) FROM public.b) + (SELECT count(*) FROM public.c) + (SELECT count(*) FROM public.d)"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Lets callers through once <c>expected</c> of them wait at once, or after a timeout; records the most that waited together.</summary>
    private sealed class Gate(int expected)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting;

        public int MostWaiting { get; private set; }

        public async Task WaitForAllAsync()
        {
            var now = Interlocked.Increment(ref _waiting);
            lock (_all)
            {
                MostWaiting = Math.Max(MostWaiting, now);
            }

            if (now >= expected)
            {
                _all.TrySetResult();
            }

            await Task.WhenAny(_all.Task, Task.Delay(GateTimeout));
            Interlocked.Decrement(ref _waiting);
        }
    }

    private sealed class GatedFactory(ICopyOutSessionFactory inner, Gate gate) : ICopyOutSessionFactory
    {
        public string Name => inner.Name;

        public async Task<ICopyOutSession> OpenAsync(CancellationToken cancellationToken)
        {
            await gate.WaitForAllAsync();
            return await inner.OpenAsync(cancellationToken);
        }
    }

    /// <summary>Counts logins; with <c>failFirst</c> the first one fails as at a server's connection limit.</summary>
    private sealed class CountingFactory(ICopyOutSessionFactory inner, bool failFirst) : ICopyOutSessionFactory
    {
        private readonly TaskCompletionSource _two = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _attempts;
        private int _opened;

        public string Name => inner.Name;

        public int Attempts => _attempts;

        public int Opened => _opened;

        /// <summary>Done once two sessions have opened.</summary>
        public Task TwoOpened => _two.Task;

        public async Task<ICopyOutSession> OpenAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _attempts) == 1 && failFirst)
            {
                throw new NpgsqlException("sorry, too many clients already");
            }

            var session = await inner.OpenAsync(cancellationToken);
            if (Interlocked.Increment(ref _opened) == 2)
            {
                _two.TrySetResult();
            }

            return session;
        }
    }
}
