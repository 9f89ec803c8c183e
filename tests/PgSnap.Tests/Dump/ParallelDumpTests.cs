using Npgsql;
using PgSnap.Archive;
using PgSnap.Dump;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>-j workers on one snapshot, ctid-range splitting, and failures in the middle of a COPY.</summary>
public sealed class ParallelDumpTests : IAsyncLifetime
{
    private const string Ddl = """
        CREATE TABLE public.accounts (id int PRIMARY KEY, balance bigint NOT NULL, note text);
        CREATE TABLE public.small (id int PRIMARY KEY);
        """;

    private const int Accounts = 40000;
    private const long Total = Accounts * 100L;

    private TestServer _server = null!;
    private string _db = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.GetAsync();
        _db = await _server.CreateDatabaseAsync("parallel");
        await _server.ExecuteAsync(_db, Ddl + $"""
            INSERT INTO public.accounts SELECT g, 100, repeat('n', 40) FROM generate_series(1, {Accounts}) g;
            INSERT INTO public.small SELECT generate_series(1, 10);
            """);
        await _server.ExecuteAsync(_db, "VACUUM ANALYZE");
        _dir = Directory.CreateTempSubdirectory("pgsnap-par-").FullName;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Two_workers_restore_the_same_rows_as_one_worker()
    {
        var one = Path.Combine(_dir, "j1.sql");
        var two = Path.Combine(_dir, "j2.sql.lz4");
        await DumpTestKit.DumpToFileAsync(_server, _db, one, DumpTestKit.PlanFrom(Ddl), new DumpOptions { Jobs = 1 }, blockSize: 32 * 1024);
        await DumpTestKit.DumpToFileAsync(_server, _db, two, DumpTestKit.PlanFrom(Ddl), new DumpOptions { Jobs = 2 }, blockSize: 32 * 1024, splitThreshold: 64 * 1024);

        var archive = DumpTestKit.Read(two, ArchiveCompression.Lz4);
        var accounts = Assert.Single(archive.Manifest.Tables, t => t.Name == "accounts");
        Assert.True(accounts.Blocks >= 4, $"accounts should be split, got {accounts.Blocks} blocks");
        Assert.Equal(Accounts, accounts.Rows);

        var r1 = await DumpTestKit.RestoreWithPsqlAsync(_server, one);
        var r2 = await DumpTestKit.RestoreWithPsqlAsync(_server, two);
        Assert.Equal(await DumpTestKit.TableFingerprintAsync(_server, r1, "public.accounts"), await DumpTestKit.TableFingerprintAsync(_server, r2, "public.accounts"));
        Assert.Equal(await DumpTestKit.TableFingerprintAsync(_server, _db, "public.accounts"), await DumpTestKit.TableFingerprintAsync(_server, r2, "public.accounts"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Snapshot_holds_while_another_session_moves_rows_during_the_dump(int jobs)
    {
        // Every writer transaction moves money between two accounts and replaces one row by a new one: updated rows
        // move to new ctids (often into another range), so a dump that is not on one snapshot loses or doubles rows.
        var db = await _server.CreateDatabaseAsync("moving");
        await _server.ExecuteAsync(db, Ddl + $"""
            INSERT INTO public.accounts SELECT g, 100, repeat('n', 40) FROM generate_series(1, {Accounts}) g;
            """);
        await _server.ExecuteAsync(db, "VACUUM ANALYZE");
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            await using var conn = new NpgsqlConnection(_server.ConnectionStringFor(db));
            await conn.OpenAsync();
            var random = new Random(7);
            var nextId = Accounts + 1;
            while (!stop.IsCancellationRequested)
            {
                var a = random.Next(1, Accounts);
                var b = random.Next(1, Accounts);
                await using var cmd = new NpgsqlCommand($"""
                    BEGIN;
                    UPDATE public.accounts SET balance = balance - 7 WHERE id = (SELECT min(id) FROM public.accounts WHERE id >= {a});
                    UPDATE public.accounts SET balance = balance + 7 WHERE id = (SELECT max(id) FROM public.accounts WHERE id <= {b});
                    WITH gone AS (DELETE FROM public.accounts WHERE id = (SELECT min(id) FROM public.accounts WHERE id >= {b}) RETURNING balance)
                    INSERT INTO public.accounts SELECT {nextId++}, balance, 'moved' FROM gone;
                    COMMIT;
                    """, conn);
                await cmd.ExecuteNonQueryAsync();
                Interlocked.Increment(ref writes);
            }
        });

        var path = Path.Combine(_dir, $"moving{jobs}.sql");
        try
        {
            // Slow the writer down a little so that the dump and the writes overlap for a while.
            await DumpTestKit.DumpToFileAsync(_server, db, path, DumpTestKit.PlanFrom(Ddl), new DumpOptions { Jobs = jobs },
                blockSize: 16 * 1024, splitThreshold: 64 * 1024, progress: new SlowProgress(TimeSpan.FromMilliseconds(15)));
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }

        Assert.True(writes > 5, $"the concurrent writer only committed {writes} transactions");
        var restored = await DumpTestKit.RestoreWithPsqlAsync(_server, path);
        Assert.Equal((long)Accounts, await _server.ScalarAsync<long>(restored, "SELECT count(*) FROM public.accounts"));
        Assert.Equal(Total, await _server.ScalarAsync<decimal>(restored, "SELECT sum(balance) FROM public.accounts"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Terminated_backend_mid_copy_fails_and_leaves_no_file(int jobs)
    {
        var path = Path.Combine(_dir, $"killed{jobs}.sql.gz");
        var killer = new KillOnFirstDataBlock(_server, _db);
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => DumpTestKit.DumpToFileAsync(
            _server, _db, path, DumpTestKit.PlanFrom(Ddl), new DumpOptions { Jobs = jobs }, blockSize: 16 * 1024, splitThreshold: 64 * 1024, progress: killer));
        Assert.True(killer.Killed > 0, "no backend was terminated");
        Assert.NotEqual(PgSnapErrorKind.Refused, ex.Kind);
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    private sealed class SlowProgress(TimeSpan delay) : IDumpProgress
    {
        public void Started(int tablesTotal, long estimatedBytes, int jobs)
        {
        }

        public void BlockWritten(long rows, long rawBytes, long fileBytes) => Thread.Sleep(delay);

        public void TableFinished(string schema, string name, long rows)
        {
        }
    }

    private sealed class KillOnFirstDataBlock(TestServer server, string database) : IDumpProgress
    {
        public int Killed { get; private set; }

        public void Started(int tablesTotal, long estimatedBytes, int jobs)
        {
        }

        public void BlockWritten(long rows, long rawBytes, long fileBytes)
        {
            if (rows == 0 || Killed > 0)
            {
                return;
            }

            using var conn = new NpgsqlConnection(server.ConnectionStringFor("postgres"));
            conn.Open();
            using var cmd = new NpgsqlCommand(
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{database}' AND application_name = 'pgsnap'", conn);
            Killed = (int)(long)cmd.ExecuteScalar()!;
        }

        public void TableFinished(string schema, string name, long rows)
        {
        }
    }
}
