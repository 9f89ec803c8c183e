using PgSnap.Catalog.Coverage;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>CREATE SCHEMA blocks, and what of the public schema differs from a fresh database's, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class SchemaEmitterTests
{
    private const uint Oid = 40100;
    private const uint PublicOid = 2200;

    [Fact]
    public void A_schema_is_created_owned_granted_and_commented()
    {
        var schema = Schema("Sales Data", acl: ["alice=UC/alice", "bob=U/alice"]) with { Description = EmitContexts.Comment(CatalogId.PgNamespace, Oid, "money") };
        var context = EmitContexts.For();
        var block = SchemaEmitter.Emit(schema, context)!;
        Assert.Equal(
            "CREATE SCHEMA \"Sales Data\";\nALTER SCHEMA \"Sales Data\" OWNER TO alice;\nGRANT USAGE ON SCHEMA \"Sales Data\" TO bob;\nCOMMENT ON SCHEMA \"Sales Data\" IS 'money';\n",
            block.Sql);
        Assert.Equal("DROP SCHEMA \"Sales Data\";\n", block.DropSql);
        Assert.Equal(DumpSection.PreData, block.Section);
        Assert.Contains(new CatalogKey(CatalogId.PgNamespace, Oid), context.Decorations.EmittedAcls);
    }

    [Fact]
    public void No_owner_no_acl_and_no_comments_leave_only_the_create()
    {
        var schema = Schema("s", acl: ["alice=UC/alice", "bob=U/alice"]) with { Description = EmitContexts.Comment(CatalogId.PgNamespace, Oid, "x") };
        var block = SchemaEmitter.Emit(schema, EmitContexts.For(new DumpOptions { NoOwner = true, NoAcl = true, NoComments = true }))!;
        Assert.Equal("CREATE SCHEMA s;\n", block.Sql);
    }

    [Fact]
    public void A_reserved_word_is_quoted_and_if_exists_guards_the_drop()
    {
        var block = SchemaEmitter.Emit(Schema("select"), EmitContexts.For(new DumpOptions { Clean = true, IfExists = true }))!;
        Assert.StartsWith("CREATE SCHEMA \"select\";\n", block.Sql, StringComparison.Ordinal);
        Assert.Equal("DROP SCHEMA IF EXISTS \"select\";\n", block.DropSql);
    }

    [Fact]
    public void A_security_label_is_written_unless_no_security_labels()
    {
        var labelled = Schema("s") with { Description = new Description(new CatalogKey(CatalogId.PgNamespace, Oid), null, [new SecurityLabel("selinux", "system_u:object_r:sepgsql_schema_t:s0")]) };
        var context = EmitContexts.For();
        Assert.Contains("SECURITY LABEL FOR selinux ON SCHEMA s IS 'system_u:object_r:sepgsql_schema_t:s0';\n", SchemaEmitter.Emit(labelled, context)!.Sql, StringComparison.Ordinal);
        Assert.Contains(new CatalogKey(CatalogId.PgNamespace, Oid), context.EmittedLabels);
        Assert.DoesNotContain("SECURITY LABEL", SchemaEmitter.Emit(labelled, EmitContexts.For(new DumpOptions { NoSecurityLabels = true }))!.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void An_untouched_public_schema_writes_nothing()
    {
        var untouched = Public("pg_database_owner", ["pg_database_owner=UC/pg_database_owner", "=U/pg_database_owner"], "standard public schema");
        Assert.Null(SchemaEmitter.Emit(untouched, EmitContexts.For()));
    }

    [Fact]
    public void The_public_schema_is_never_created_or_dropped_but_its_owner_and_comment_travel()
    {
        var changed = Public("alice", ["alice=UC/alice", "=U/alice"], "ours");
        var block = SchemaEmitter.Emit(changed, EmitContexts.For(new DumpOptions { Clean = true }))!;
        Assert.Equal("ALTER SCHEMA public OWNER TO alice;\nCOMMENT ON SCHEMA public IS 'ours';\n", block.Sql);
        Assert.Null(block.DropSql);
    }

    [Fact]
    public void The_public_schema_of_a_source_before_15_settles_publics_create_first()
    {
        var old = Public("pg_database_owner", ["pg_database_owner=UC/pg_database_owner", "=UC/pg_database_owner"], "standard public schema") with { SourceVersion = 140010 };
        var block = SchemaEmitter.Emit(old, EmitContexts.For())!;
        Assert.Equal("GRANT CREATE ON SCHEMA public TO PUBLIC;\n", block.Sql);
        Assert.Null(SchemaEmitter.Emit(old, EmitContexts.For(new DumpOptions { NoAcl = true })));
    }

    private static SchemaRecord Schema(string name, string[]? acl = null) =>
        new(Oid, name, "alice", acl, ["alice=UC/alice"], acl ?? ["alice=UC/alice"], "alice=UC/alice", "=U/alice", 170000, EmitContexts.Nothing(CatalogId.PgNamespace, Oid));

    private static SchemaRecord Public(string owner, string[] acl, string comment) =>
        new(PublicOid, "public", owner, acl, null, acl, owner + "=UC/" + owner, "=U/" + owner, 170000, EmitContexts.Comment(CatalogId.PgNamespace, PublicOid, comment));
}
