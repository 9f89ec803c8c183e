using PgSnap.Data;
using PgSnap.Model;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>When -j splits a table into ctid ranges, and when it leaves tables whole.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class TableSlicePlannerTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void One_table_holding_nearly_all_the_data_is_split_for_two_workers()
    {
        var slices = TableSlicePlanner.Plan([Table("big", 900 * MiB), Table("small", 50 * MiB)], jobs: 2);

        Assert.True(slices.Count(s => s.Table.Entry.Name == "big") > 2);
        Assert.Single(slices, s => s.Table.Entry.Name == "small");
    }

    [Fact]
    public void Two_workers_leave_tables_whole_when_the_biggest_is_not_most_of_the_data()
    {
        // 640 of 1000 MiB: one worker copies it whole while the other copies the rest, which beats paying the
        // slices' extra server work.
        var slices = TableSlicePlanner.Plan([Table("accounts", 640 * MiB), Table("calls", 300 * MiB), Table("tiny", 60 * MiB)], jobs: 2);

        Assert.All(slices, s => Assert.True(s.IsWholeTable));
        Assert.Equal(["accounts", "calls", "tiny"], slices.Select(s => s.Table.Entry.Name));
    }

    [Fact]
    public void Four_workers_split_a_table_that_is_well_above_their_fair_share()
    {
        var slices = TableSlicePlanner.Plan([Table("accounts", 640 * MiB), Table("calls", 300 * MiB), Table("tiny", 60 * MiB)], jobs: 4);

        Assert.True(slices.Count(s => s.Table.Entry.Name == "accounts") > 1);
        Assert.Single(slices, s => s.Table.Entry.Name == "calls");
    }

    [Fact]
    public void One_worker_never_splits()
    {
        var slices = TableSlicePlanner.Plan([Table("big", 900 * MiB)], jobs: 1);

        Assert.True(Assert.Single(slices).IsWholeTable);
    }

    [Theory]
    [InlineData(780, 1000, 2, true)]
    [InlineData(760, 1000, 2, false)]
    [InlineData(500, 1000, 4, true)]
    [InlineData(250, 1000, 4, false)]
    [InlineData(1000, 1000, 2, true)]
    public void Splitting_pays_only_when_it_shortens_the_expected_finish(long size, long total, int jobs, bool expected) =>
        Assert.Equal(expected, TableSlicePlanner.SplittingPays(size, total, jobs));

    private static TableDataEntry Table(string name, long bytes) =>
        new("public", name, "postgres", $"public.{name}", "id", 1, bytes / 100, bytes / 8192, bytes, CanSplitByCtid: true);
}
