using PgSnap.Dump;
using PgSnap.Tests.Infrastructure;
using PgSnap.Verify;
using Xunit;

namespace PgSnap.Tests.Verify;

[Trait(TestTier.Name, TestTier.Fast)]
public sealed class RowsLeftOutByOptionsTests
{
    [Fact]
    public void The_supabase_profile_leaves_out_the_platform_migration_history_but_not_auth_or_storage_rows()
    {
        var leftOut = new RowsLeftOutByOptions(new DumpOptions { Profile = DumpProfile.Supabase });
        Assert.True(leftOut.Contains("auth", "schema_migrations"));
        Assert.True(leftOut.Contains("storage", "migrations"));
        Assert.True(leftOut.Contains("realtime", "messages"));
        Assert.False(leftOut.Contains("auth", "users"));
        Assert.False(leftOut.Contains("storage", "objects"));
        Assert.False(leftOut.Contains("public", "schema_migrations"));
    }

    [Fact]
    public void Exclude_table_data_and_exclude_table_patterns_leave_out_what_they_match_and_nothing_else()
    {
        var leftOut = new RowsLeftOutByOptions(new DumpOptions { ExcludeTableData = ["public.audit_*"], ExcludeTables = ["scratch"] });
        Assert.True(leftOut.Contains("public", "audit_log"));
        Assert.False(leftOut.Contains("app", "audit_log"));
        Assert.True(leftOut.Contains("public", "scratch"));
        Assert.False(leftOut.Contains("auth", "schema_migrations"));
        Assert.False(new RowsLeftOutByOptions(new DumpOptions()).Contains("public", "orders"));
    }

    [Fact]
    public void No_unlogged_table_data_leaves_out_unlogged_tables_only()
    {
        var leftOut = new RowsLeftOutByOptions(new DumpOptions { NoUnloggedTableData = true });
        Assert.True(leftOut.Contains("public", "scratch", unlogged: true));
        Assert.False(leftOut.Contains("public", "kept", unlogged: false));
        Assert.False(new RowsLeftOutByOptions(new DumpOptions()).Contains("public", "scratch", unlogged: true));
    }
}
