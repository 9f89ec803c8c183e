using PgSnap.Catalog.Coverage;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>CREATE SUBSCRIPTION blocks from records, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class SubscriptionEmitterTests
{
    private const uint Oid = 40101;

    [Fact]
    public void Defaults_write_only_connect_and_slot_then_the_owner()
    {
        var block = SubscriptionEmitter.Emit(Record(), EmitContexts.For());
        Assert.Equal(
            "CREATE SUBSCRIPTION sub CONNECTION 'host=pub dbname=app' PUBLICATION pub1, \"Pub 2\" WITH (connect = false, slot_name = sub);\n" +
            "ALTER SUBSCRIPTION sub OWNER TO alice;\n",
            block.Sql);
        Assert.Equal(DumpSection.PostData, block.Section);
        Assert.Equal("sub", block.Name);
    }

    [Fact]
    public void Every_non_default_option_is_written_in_order()
    {
        var s = Record() with
        {
            SlotName = null,
            Binary = true,
            Streaming = 'p',
            TwoPhase = 'e',
            DisableOnError = true,
            PasswordRequired = false,
            RunAsOwner = true,
            Origin = "none",
            Failover = true,
            SyncCommit = "remote_apply",
        };
        Assert.Contains(
            "WITH (connect = false, slot_name = NONE, binary = true, streaming = parallel, two_phase = on, disable_on_error = true, " +
            "password_required = false, run_as_owner = true, origin = none, failover = true, synchronous_commit = 'remote_apply');\n",
            SubscriptionEmitter.Emit(s, EmitContexts.For()).Sql,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Streaming_on_and_a_quoted_slot_name()
    {
        var sql = SubscriptionEmitter.Emit(Record() with { Streaming = 't', SlotName = "Slot" }, EmitContexts.For()).Sql;
        Assert.Contains("slot_name = \"Slot\", streaming = on)", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void No_owner_and_a_comment_recorded_for_the_coverage_audit()
    {
        var context = EmitContexts.For(new DumpOptions { NoOwner = true });
        var block = SubscriptionEmitter.Emit(Record() with { Name = "user", Description = EmitContexts.Comment(CatalogId.PgSubscription, Oid, "feed") }, context);
        Assert.DoesNotContain("OWNER TO", block.Sql, StringComparison.Ordinal);
        Assert.EndsWith("COMMENT ON SUBSCRIPTION \"user\" IS 'feed';\n", block.Sql, StringComparison.Ordinal);
        Assert.Contains(new CatalogKey(CatalogId.PgSubscription, Oid), context.EmittedComments);
    }

    [Fact]
    public void Clean_with_if_exists_drops_it_safely()
    {
        var block = SubscriptionEmitter.Emit(Record(), EmitContexts.For(new DumpOptions { IfExists = true }));
        Assert.Equal("DROP SUBSCRIPTION IF EXISTS sub;\n", block.DropSql);
    }

    private static SubscriptionRecord Record() =>
        new(Oid, "sub", "alice", "host=pub dbname=app", "sub", ["pub1", "Pub 2"], false, 'f', 'd', false, true, false, "any", false, "off",
            EmitContexts.Nothing(CatalogId.PgSubscription, Oid));
}
