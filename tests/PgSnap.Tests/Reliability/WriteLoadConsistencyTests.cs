using System.Globalization;
using Npgsql;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Verify;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Reliability;

/// <summary>
/// A dump taken while pgbench writes continuously (four clients, TPC-B-like) restores to exactly what the dump's
/// snapshot held: each of pgbench's tables has the snapshot's row count and the four balance sums agree with each
/// other and with the snapshot. The snapshot's figures are read independently of the dump, by importing the
/// snapshot the dump exported while it runs. <c>-j 2</c> splits pgbench_accounts (~130 MB, most of the data) into
/// ctid ranges copied by both workers, so the ranges must come from one snapshot too.
/// PGSNAP_WRITE_LOAD_RUNS=N repeats each test N times in a row (default 1; docs/RELIABILITY.md says how it was run).
/// </summary>
public sealed class WriteLoadConsistencyTests(WriteLoadSource source, ITestOutputHelper output) : IClassFixture<WriteLoadSource>
{
    private static int Runs =>
        int.TryParse(Environment.GetEnvironmentVariable("PGSNAP_WRITE_LOAD_RUNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;

    [Fact]
    public async Task A_parallel_dump_under_pgbench_load_restores_to_exactly_the_snapshots_rows_and_sums()
    {
        for (var run = 1; run <= Runs; run++)
        {
            await OneRunAsync(run, [], alterDuringDump: false);
        }
    }

    [Fact]
    public async Task The_supabase_profile_under_pgbench_load_restores_to_exactly_the_snapshots_rows_and_sums()
    {
        for (var run = 1; run <= Runs; run++)
        {
            await OneRunAsync(run, ["--profile", "supabase"], alterDuringDump: false);
        }
    }

    [Fact]
    public async Task An_add_column_during_a_dump_under_load_waits_for_the_dump_which_restores_the_snapshots_table()
    {
        for (var run = 1; run <= Runs; run++)
        {
            await OneRunAsync(run, [], alterDuringDump: true);
        }
    }

    private async Task OneRunAsync(int run, string[] extra, bool alterDuringDump)
    {
        var server = source.Server;
        var db = source.Database;
        var folder = Directory.CreateTempSubdirectory("pgsnap-load-").FullName;
        var target = await server.CreateDatabaseAsync("pgbench_restored");
        Task? alter = null;
        try
        {
            var path = Path.Combine(folder, "load.sql.lz4");
            PgbenchFigures snapshot;
            string snapshotId;
            long liveHistoryAtEnd;
            var alterWaited = false;
            await using (var load = PgbenchLoad.Start(server, db, clients: 4))
            {
                await WaitForWritesAsync(server, db, load);
                var exported = await ExportedSnapshotProbe.ExportedNowAsync(server);
                var dump = PgSnapCli.Default.RunAsync(["dump", "--url", server.UrlFor(db), "-j", "2", "-f", path, "--quiet", .. extra]);
                var probe = await ExportedSnapshotProbe.ReadAsync(server, db, exported, dump);
                if (alterDuringDump)
                {
                    (alter, alterWaited) = await AlterWhileCopyingAsync(server, db, dump);
                }

                var result = await dump;
                if (alter is not null)
                {
                    if (await Task.WhenAny(alter!, Task.Delay(TimeSpan.FromSeconds(5))) != alter!)
                    {
                        Assert.Fail("the ALTER TABLE is still waiting 5 s after the dump: " + await server.ScalarAsync<string>("postgres", $"""
                            SELECT string_agg(format('%s %s %s %s %s %s', a.pid, a.application_name, a.state, a.wait_event_type, left(a.query, 60),
                                   (SELECT string_agg(l.mode || ':' || l.granted, ',') FROM pg_locks l WHERE l.pid = a.pid AND l.relation IS NOT NULL)), E'\n')
                            FROM pg_stat_activity a WHERE a.datname = '{db}'
                            """));
                    }

                }

                liveHistoryAtEnd = (await server.ScalarAsync<long>(db, "SELECT count(*) FROM public.pgbench_history"))!;
                Assert.True(load.Running, "pgbench stopped during the dump: " + await load.StopAsync());
                Assert.True(result.ExitCode == 0, result.StdErr);
                Assert.True(probe is not null, "the dump's exported snapshot was never seen");
                (snapshotId, snapshot) = probe.Value;
            }

            var manifest = await VerifyTestKit.ManifestAsync(path);
            output.WriteLine($"run {run}: snapshot {snapshotId} {snapshot}; live history at the dump's end {liveHistoryAtEnd}");
            Assert.Equal(manifest.Snapshot, snapshotId);
            Assert.True(snapshot.SumsAgree, $"the snapshot itself is inconsistent: {snapshot}");
            Assert.Equal(WriteLoadSource.Scale * 100_000L, snapshot.Accounts);
            Assert.True(
                manifest.Blocks.Where(b => b.Name == "pgbench_accounts" && b.Chunk is not null).Select(b => b.Chunk).Distinct().Count() > 1,
                "pgbench_accounts was not split into ctid ranges");
            if (!alterDuringDump)
            {
                // The ALTER's place in the lock queue stops pgbench's inserts, so only a plain run shows writes went on.
                Assert.True(liveHistoryAtEnd > snapshot.History, "pgbench committed nothing while the dump ran");
            }

            var rows = manifest.Tables.ToDictionary(t => t.Name, t => t.Rows, StringComparer.Ordinal);
            Assert.Equal(
                (snapshot.Accounts, snapshot.Tellers, snapshot.Branches, snapshot.History),
                (rows["pgbench_accounts"], rows["pgbench_tellers"], rows["pgbench_branches"], rows["pgbench_history"]));

            var restored = await PgSnapCli.Default.RunAsync(["restore", path, "--url", server.UrlFor(target), "-j", "2", "--quiet"]);
            Assert.True(restored.ExitCode == 0, restored.StdErr);
            await using var conn = new NpgsqlConnection(server.ConnectionStringFor(target));
            await conn.OpenAsync();
            Assert.Equal(snapshot, await PgbenchFigures.ReadAsync(conn));

            if (alter is not null)
            {
                await alter;
                Assert.True(alterWaited, "the ALTER TABLE never waited on the dump's lock");
                Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.pgbench_history'::regclass AND attname = 'note'"));
            }
        }
        finally
        {
            if (alterDuringDump)
            {
                // A failed run must not leave the ALTER queued in front of the next run's locks.
                await (alter ?? Task.CompletedTask).ContinueWith(static _ => { }, TaskScheduler.Default);
                await server.ExecuteAsync(db, "SET lock_timeout = '60s'; ALTER TABLE public.pgbench_history DROP COLUMN IF EXISTS note");
            }

            await server.DropDatabaseAsync(target);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Waits until pgbench has committed transactions, so the dump starts under load.</summary>
    private static async Task WaitForWritesAsync(Infrastructure.TestServer server, string db, PgbenchLoad load)
    {
        const string Count = "SELECT count(*) FROM public.pgbench_history";
        var start = await server.ScalarAsync<long>(db, Count);
        for (var i = 0; i < 200 && load.Running; i++)
        {
            if (await server.ScalarAsync<long>(db, Count) > start + 50)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("pgbench did not commit: " + await load.StopAsync());
    }

    /// <summary>
    /// Once the dump holds its lock on pgbench_history (taken with the plan, before any row is copied), runs
    /// ALTER TABLE … ADD COLUMN on that table, which pgbench keeps writing to, and tells whether it was seen waiting
    /// for a lock while the dump ran.
    /// </summary>
    private static async Task<(Task Alter, bool Waited)> AlterWhileCopyingAsync(Infrastructure.TestServer server, string db, Task dump)
    {
        const string DumpHoldsLock = """
            SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                           WHERE l.relation = 'public.pgbench_history'::regclass AND l.mode = 'AccessShareLock' AND l.granted
                             AND a.application_name LIKE 'pgsnap%')
            """;
        while (!dump.IsCompleted && !await server.ScalarAsync<bool>(db, DumpHoldsLock))
        {
            await Task.Delay(5);
        }

        Assert.False(dump.IsCompleted, "the dump finished before its lock on pgbench_history was seen");
        var alter = server.ExecuteAsync(db, "SET lock_timeout = '60s'; ALTER TABLE public.pgbench_history ADD COLUMN note text");
        var waited = false;
        while (!dump.IsCompleted && !waited)
        {
            waited = await server.ScalarAsync<bool>("postgres",
                $"SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = '{db}' AND query LIKE '%ALTER TABLE public.pgbench_history%' AND wait_event_type = 'Lock' AND pid <> pg_backend_pid())");
            await Task.Delay(5);
        }

        return (alter, waited);
    }
}
