using System.Runtime.CompilerServices;
using PgSnap.Dump;
using PgSnap.Model;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>
/// A dump does not keep the pre-data's SQL once it is in the archive (README, "5,000 tables"): with thousands of
/// tables that text is tens of MB the data phase and the manifest would otherwise carry to the end. The plan's
/// pre-data entries must be collectable while the tables are copied (checked when the first table is finished,
/// on a worker's thread: the leader's frame that read the plan is suspended then, as it is in a real dump).
/// </summary>
public sealed class WrittenDdlReleaseTests
{
    [Fact]
    public async Task The_pre_data_entries_are_collectable_once_written_while_the_tables_are_copied()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("ddlrelease");
        await server.ExecuteAsync(db, "CREATE TABLE public.t (id int PRIMARY KEY); INSERT INTO public.t VALUES (1);");
        var dir = Directory.CreateTempSubdirectory("pgsnap-ddlrelease-").FullName;
        try
        {
            var tracker = new Tracker();
            var progress = new CollectOnFirstTable(tracker);
            await DumpTestKit.DumpToFileAsync(server, db, Path.Combine(dir, "d.sql"), tracker.Plan, progress: progress);

            Assert.True(progress.Checked, "the dump never reported a finished table");
            Assert.False(progress.PreDataAlive, "the plan's pre-data entries were still reachable while the tables were copied");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            await server.DropDatabaseAsync(db);
        }
    }

    /// <summary>Builds the plan and keeps only a weak reference to its pre-data entries.</summary>
    private sealed class Tracker
    {
        public WeakReference? PreData { get; private set; }

        public async Task<DumpPlan> Plan(Npgsql.NpgsqlConnection connection, DumpOptions options, SnapshotSessionOpener? siblings, CancellationToken ct)
        {
            var tables = await DumpTestKit.TablesAsync(connection, ct);
            return Build(tables);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private DumpPlan Build(IReadOnlyList<TableDataEntry> tables)
        {
            var entries = new List<DdlEntry> { new(DumpSection.PreData, "TABLE", "public", "t", "postgres", "CREATE TABLE public.t (id int PRIMARY KEY);\n") };
            entries.AddRange(Enumerable.Range(0, 200).Select(i => new DdlEntry(DumpSection.PreData, "COMMENT", "public", $"c{i}", "postgres", $"-- filler {i} {new string('x', 1000)}\n")));
            PreData = new WeakReference(entries);
            return new DumpPlan(entries, tables, [], []);
        }
    }

    private sealed class CollectOnFirstTable(Tracker tracker) : IDumpProgress
    {
        public bool Checked { get; private set; }

        public bool PreDataAlive { get; private set; }

        public void Started(int tablesTotal, long estimatedBytes, int jobs)
        {
        }

        public void BlockWritten(long rows, long rawBytes, long fileBytes)
        {
        }

        public void TableFinished(string schema, string name, long rows)
        {
            if (Checked)
            {
                return;
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            PreDataAlive = tracker.PreData?.IsAlive ?? true;
            Checked = true;
        }
    }
}
