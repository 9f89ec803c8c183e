using System.Text;
using PgSnap.Catalog;
using PgSnap.Ddl;
using PgSnap.Emit;
using PgSnap.Model.Objects;
using PgSnap.Tests.Emit;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Schema;

/// <summary>
/// PostgreSQL 15.20 stamps <c>pg_attver=N</c> into every column's options; pg_dump 15.20 leaves it out and so must
/// pgsnap, keeping every option a user set (server-free: the column emitter is fed catalog rows as 15.20 returns them).
/// </summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class ServerManagedColumnOptionsTests
{
    [Fact]
    public void The_column_alterations_leave_out_pg_attver_and_keep_user_options()
    {
        var sql = Alterations(
            Column("a", "pg_attver=22158952", "n_distinct=5"),
            Column("b", "pg_attver=22158952"),
            Column("c"),
            Column("d", "n_distinct_inherited=-0.5", "pg_attver=1"));

        Assert.Equal(
            "ALTER TABLE ONLY public.t ALTER COLUMN a SET (n_distinct=5);\n" +
            "ALTER TABLE ONLY public.t ALTER COLUMN d SET (n_distinct_inherited=-0.5);\n",
            sql);
    }

    [Theory]
    [InlineData(new[] { "pg_attver=7" }, new string[0])]
    [InlineData(new[] { "pg_attverx=7", "n_distinct=1" }, new[] { "pg_attverx=7", "n_distinct=1" })]
    [InlineData(new[] { "n_distinct=1", "pg_attver=7" }, new[] { "n_distinct=1" })]
    public void Only_entries_whose_key_is_exactly_pg_attver_are_server_managed(string[] stored, string[] userSet) =>
        Assert.Equal(userSet, ServerManagedColumnOptions.UserSet(stored));

    [Fact]
    public void No_options_are_no_user_options() => Assert.Empty(ServerManagedColumnOptions.UserSet(null));

    private static string Alterations(params ColumnRecord[] columns)
    {
        var sb = new StringBuilder();
        ColumnEmitter.AppendAlterations(sb, new Quoting([], false), RelationRecords.Relation(), "public.t", [.. columns], withCompression: true);
        return sb.ToString();
    }

    private static ColumnRecord Column(string name, params string[] options) =>
        RelationRecords.Column(name) with { Options = options.Length == 0 ? null : options };
}
