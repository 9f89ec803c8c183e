using PgSnap.Archive.Manifest;
using PgSnap.Restore.Parallel;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

/// <summary>The order in which restore -j hands out data blocks, indexes and constraints (no server needed).</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class RestoreScheduleTests
{
    private static int s_nextId;

    private static BlockRecord Data(string table, int chunk, long bytes) =>
        new() { Id = ++s_nextId, Section = "data", Kind = "TABLE DATA", Schema = "s", Name = table, Chunk = chunk, RawLength = bytes };

    private static BlockRecord Build(string kind, string name, string? table) =>
        new() { Id = ++s_nextId, Section = "post-data", Kind = kind, Schema = "s", Name = name, RawLength = 100, Table = table is null ? null : new BlockTable { Schema = "s", Name = table } };

    private static string Label(BlockRecord? b) => b is null ? "-" : b.Section == "data" ? $"{b.Name}[{b.Chunk}]" : b.Name!;

    [Fact]
    public void Each_worker_loads_its_own_table_and_builds_its_indexes_as_soon_as_it_is_loaded()
    {
        var blocks = new List<BlockRecord>
        {
            new() { Id = 0, Section = "header", Kind = "HEADER" },
            new() { Id = 1, Section = "pre-data", Kind = "TABLE", Schema = "s", Name = "big" },
            Data("big", 0, 1000), Data("big", 1, 1000), Data("big", 2, 1000), Data("big", 3, 1000),
            Data("small", 0, 500), Data("small", 1, 500),
            Build("CONSTRAINT", "big big_pkey", "big"),
            Build("CONSTRAINT", "small small_pkey", "small"),
            Build("INDEX", "small_note_idx", "small"),
            Build("INDEX", "empty_idx", "empty"),
            Build("FK CONSTRAINT", "small small_big_fk", "small"),
            Build("TRIGGER", "small t", "small"),
        };
        var schedule = new RestoreSchedule(blocks, workers: 2);

        // Worker 0 takes the biggest table, worker 1 the next one: never the same table on two connections.
        var w0 = schedule.Next(0);
        var w1 = schedule.Next(1);
        Assert.Equal("big[0]", Label(w0));
        Assert.Equal("small[0]", Label(w1));
        schedule.Complete(w1!);
        Assert.Equal("small[1]", Label(w1 = schedule.Next(1)));
        schedule.Complete(w1!);

        // small is loaded: its PK comes next (weighted by the table's 1000 bytes), then its index.
        Assert.Equal("small small_pkey", Label(w1 = schedule.Next(1)));
        schedule.Complete(w1!);
        Assert.Equal("small_note_idx", Label(w1 = schedule.Next(1)));
        schedule.Complete(w1!);

        // Nothing else is ready (the index of the table without data waits for all the data) but big's chunks:
        // worker 1 helps, from the end, while worker 0 goes on from the start.
        Assert.Equal("big[3]", Label(w1 = schedule.Next(1)));
        schedule.Complete(w0!);
        Assert.Equal("big[1]", Label(w0 = schedule.Next(0)));
        schedule.Complete(w1!);
        Assert.Equal("big[2]", Label(w1 = schedule.Next(1)));
        Assert.Null(schedule.Next(0)); // big_pkey waits for big[2]
        schedule.Complete(w0!);
        Assert.Null(schedule.Next(0));
        schedule.Complete(w1!);
        Assert.Equal("big big_pkey", Label(w0 = schedule.Next(0)));
        Assert.Equal("empty_idx", Label(w1 = schedule.Next(1)));
        Assert.False(schedule.IsFinished);
        schedule.Complete(w0!);
        schedule.Complete(w1!);

        // FK constraints and triggers are not the schedule's: they run after it, in archive order.
        Assert.True(schedule.IsFinished);
        Assert.Null(schedule.Next(0));
    }

    [Fact]
    public void An_index_does_not_start_while_a_constraint_of_its_table_builds()
    {
        var blocks = new List<BlockRecord>
        {
            Data("t", 0, 1000),
            Build("CONSTRAINT", "t t_pkey", "t"),
            Build("INDEX", "t_idx", "t"),
            Build("INDEX", "u_idx", "u"),
        };
        var schedule = new RestoreSchedule(blocks, workers: 2);

        var w0 = schedule.Next(0);
        Assert.Equal("t[0]", Label(w0));
        Assert.Null(schedule.Next(1));
        schedule.Complete(w0!);
        Assert.Equal("t t_pkey", Label(w0 = schedule.Next(0)));
        // ALTER TABLE … ADD CONSTRAINT holds an ACCESS EXCLUSIVE lock: t_idx would only queue behind it.
        var w1 = schedule.Next(1);
        Assert.Equal("u_idx", Label(w1));
        schedule.Complete(w1!);
        Assert.Null(schedule.Next(1));
        schedule.Complete(w0!);
        Assert.Equal("t_idx", Label(schedule.Next(1)));
    }

    [Fact]
    public void Without_the_table_field_indexes_and_constraints_wait_for_all_the_data()
    {
        var blocks = new List<BlockRecord>
        {
            Data("a", 0, 300), Data("b", 0, 200), Data("b", 1, 200),
            Build("CONSTRAINT", "a a_pkey", null),
            Build("INDEX", "b_idx", null),
        };
        var schedule = new RestoreSchedule(blocks, workers: 2);

        var w0 = schedule.Next(0);
        var w1 = schedule.Next(1);
        Assert.Equal(["b[0]", "a[0]"], new[] { Label(w0), Label(w1) });
        schedule.Complete(w1!);
        // a is loaded, but an old archive does not say that a_pkey belongs to it: worker 1 helps with b instead.
        Assert.Equal("b[1]", Label(w1 = schedule.Next(1)));
        schedule.Complete(w0!);
        Assert.Null(schedule.Next(0));
        schedule.Complete(w1!);
        Assert.Equal("a a_pkey", Label(schedule.Next(0)));
        Assert.Equal("b_idx", Label(schedule.Next(1)));
        Assert.Null(schedule.Next(0));
    }

    [Fact]
    public void Without_sharing_a_free_worker_waits_rather_than_load_a_table_another_worker_is_loading()
    {
        var blocks = new List<BlockRecord> { Data("a", 0, 10), Data("a", 1, 10), Data("a", 2, 10) };
        var schedule = new RestoreSchedule(blocks, workers: 2, shareable: (_, _) => false);

        var w0 = schedule.Next(0);
        Assert.Null(schedule.Next(1));
        schedule.Complete(w0!);
        Assert.Equal("a[1]", Label(schedule.Next(0)));
        Assert.Null(schedule.Next(1));
    }

    private static BlockRecord Done(RestoreSchedule schedule, BlockRecord block)
    {
        schedule.Complete(block);
        return block;
    }
}
