using PgSnap.Archive.Manifest;
using PgSnap.Restore;
using PgSnap.Restore.Execution;
using PgSnap.Sql;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

/// <summary>Which loads run frozen (Restore/Execution/FrozenLoads.cs), decided from the manifest without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class FrozenLoadsTests
{
    private const long Big = FrozenLoads.MinimumBytes;

    private static BlockRecord Table(string name) => new() { Section = "pre-data", Kind = "TABLE", Schema = "s", Name = name };

    private static BlockRecord Data(string name, long bytes) => new() { Section = "data", Kind = "TABLE DATA", Schema = "s", Name = name, RawLength = bytes };

    private static NamedEntry Entry(string name, string kind = "TABLE DATA") => new(kind, "s", name, "o");

    [Fact]
    public void Only_a_table_created_by_the_restore_with_a_megabyte_of_rows_is_frozen()
    {
        var blocks = new[]
        {
            Table("big"), Data("big", Big / 2), Data("big", Big / 2),
            Table("small"), Data("small", Big - 1),
            Data("extension_config", 10 * Big),
        };

        var loads = FrozenLoads.For(blocks, new RestoreOptions())!;

        Assert.True(loads.Freezes("s", "big"));
        Assert.False(loads.Freezes("s", "small"));
        Assert.False(loads.Freezes("s", "extension_config"));
    }

    [Fact]
    public void A_restore_in_one_transaction_a_dry_run_or_one_without_the_tables_ddl_freezes_nothing()
    {
        var whole = new[] { Table("big"), Data("big", Big) };

        Assert.NotNull(FrozenLoads.For(whole, new RestoreOptions()));
        Assert.Null(FrozenLoads.For(whole, new RestoreOptions { SingleTransaction = true }));
        Assert.Null(FrozenLoads.For(whole, new RestoreOptions { DryRun = true }));
        Assert.Null(FrozenLoads.For([Data("big", Big)], new RestoreOptions()));
    }

    [Fact]
    public void With_several_jobs_a_table_heavier_than_its_share_is_left_to_be_loaded_together()
    {
        var blocks = new[] { Table("huge"), Data("huge", 6 * Big), Table("big"), Data("big", 2 * Big), Table("other"), Data("other", 2 * Big) };

        var alone = FrozenLoads.For(blocks, new RestoreOptions { Jobs = 1 })!;
        var two = FrozenLoads.For(blocks, new RestoreOptions { Jobs = 2 })!;

        Assert.True(alone.Freezes("s", "huge"));
        Assert.False(two.Freezes("s", "huge"));
        Assert.True(two.Freezes("s", "big"));
        Assert.True(two.Freezes("s", "other"));
    }

    [Fact]
    public void A_table_is_claimed_once_and_a_second_connection_reaching_it_is_refused()
    {
        var loads = FrozenLoads.For([Table("big"), Data("big", Big), Table("b;x"), Data("b;x", Big)], new RestoreOptions())!;
        object first = new(), second = new();

        Assert.Null(loads.Claim(Entry("big", "INDEX"), first));
        Assert.Equal("\"s\".\"big\"", loads.Claim(Entry("big"), first));
        Assert.Null(loads.Claim(Entry("big"), first));
        Assert.Throws<InvalidOperationException>(() => loads.Claim(Entry("big"), second));
        Assert.Equal("\"s\".\"b;x\"", loads.Claim(Entry("b;x"), second));
        Assert.Null(loads.Claim(Entry("other"), first));
    }

    [Theory]
    [InlineData("COPY s.t (a, b) FROM stdin;", "COPY s.t (a, b) FROM stdin WITH (FREEZE)")]
    [InlineData("COPY \"x y\" FROM stdin ;\n", "COPY \"x y\" FROM stdin WITH (FREEZE)")]
    [InlineData("COPY s.t FROM stdin WITH (FORMAT csv);", null)]
    public void The_frozen_form_of_a_copy_statement_adds_freeze_only_to_the_archives_own_form(string sql, string? expected) =>
        Assert.Equal(expected, CopyLoader.FrozenStatement(sql));
}
