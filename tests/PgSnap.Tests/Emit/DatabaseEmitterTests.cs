using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>-C's CREATE DATABASE, \connect and database properties from records, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class DatabaseEmitterTests
{
    private static DatabaseRecord Record(string name = "app", char? provider = 'c', string collate = "C", string ctype = "C", string? locale = null) =>
        new(name, "alice", "UTF8", provider, collate, ctype, locale, null, null, -1, null, ["=Tc/alice", "alice=CTc/alice"], null, [], []);

    [Fact]
    public void Create_names_template0_the_encoding_and_one_locale_then_connects_and_sets_the_session_again()
    {
        var entries = DatabaseEmitter.Emit(Record(), EmitContexts.For());
        var create = Assert.Single(entries);
        Assert.Equal("DATABASE", create.Kind);
        Assert.StartsWith(
            "CREATE DATABASE app WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'C';\nALTER DATABASE app OWNER TO alice;\n\n\\connect app\n\nSET statement_timeout = 0;\n",
            create.Sql,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Before_15_there_is_no_locale_provider_and_different_collate_and_ctype_are_named_apart()
    {
        var sql = DatabaseEmitter.Emit(Record(provider: null, collate: "C", ctype: "en_US.UTF-8"), EmitContexts.For())[0].Sql;
        Assert.StartsWith("CREATE DATABASE app WITH TEMPLATE = template0 ENCODING = 'UTF8' LC_COLLATE = 'C' LC_CTYPE = 'en_US.UTF-8';\n", sql, StringComparison.Ordinal);
        var icu = DatabaseEmitter.Emit(Record(provider: 'i', locale: "und"), EmitContexts.For())[0].Sql;
        Assert.Contains("LOCALE_PROVIDER = icu LOCALE = 'C' ICU_LOCALE = 'und';", icu, StringComparison.Ordinal);
        var builtin = DatabaseEmitter.Emit(Record(provider: 'b', locale: "C.UTF-8"), EmitContexts.For())[0].Sql;
        Assert.Contains("LOCALE_PROVIDER = builtin LOCALE = 'C' BUILTIN_LOCALE = 'C.UTF-8';", builtin, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_drops_only_the_database_and_properties_carry_comment_limit_settings_and_grants()
    {
        var record = Record("user") with
        {
            Comment = "it's ours",
            ConnectionLimit = 5,
            Acl = ["=c/alice", "alice=CTc/alice", "bob=c/alice"],
            Settings = ["work_mem=7MB", "search_path=public, \"$user\""],
            RoleSettings = [("bob", "statement_timeout=5s")],
        };
        var entries = DatabaseEmitter.Emit(record, EmitContexts.For(new DumpOptions { Clean = true, IfExists = true }));
        Assert.StartsWith("DROP DATABASE IF EXISTS \"user\";\nCREATE DATABASE \"user\" ", entries[0].Sql, StringComparison.Ordinal);
        var properties = entries[1];
        Assert.Equal("DATABASE PROPERTIES", properties.Kind);
        Assert.StartsWith(
            "COMMENT ON DATABASE \"user\" IS 'it''s ours';\nALTER DATABASE \"user\" CONNECTION LIMIT = 5;\nALTER DATABASE \"user\" SET work_mem TO '7MB';\n"
            + "ALTER DATABASE \"user\" SET search_path TO 'public', '$user';\nALTER ROLE bob IN DATABASE \"user\" SET statement_timeout TO '5s';\n",
            properties.Sql,
            StringComparison.Ordinal);
        Assert.Contains("GRANT CONNECT ON DATABASE \"user\" TO bob;", properties.Sql, StringComparison.Ordinal);

        var bare = DatabaseEmitter.Emit(record, EmitContexts.For(new DumpOptions { NoOwner = true, NoAcl = true, NoComments = true }));
        Assert.DoesNotContain("OWNER TO", bare[0].Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("GRANT", bare[1].Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("COMMENT", bare[1].Sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app_2", "\\connect app_2")]
    [InlineData("My DB", "\\connect -reuse-previous=on \"dbname='My DB'\"")]
    [InlineData("it's \"x\"\\", "\\connect -reuse-previous=on \"dbname='it\\'s \"\"x\"\"\\\\'\"")]
    public void Connect_writes_a_bare_name_only_when_psql_reads_it_back_unchanged(string database, string expected) =>
        Assert.Equal(expected, DatabaseEmitter.Connect(database));
}
