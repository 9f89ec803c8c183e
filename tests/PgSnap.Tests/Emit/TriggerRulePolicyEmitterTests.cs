using PgSnap.Catalog;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>Triggers (and partitions' trigger clones), rules, row security and policies from records, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class TriggerRulePolicyEmitterTests
{
    private const uint Table = 16900;
    private static readonly RelationInfo Rel = new(Table, "public", "t", 'r', "postgres", "public.t", false, true);
    private static readonly RelationInfo Partition = new(Table, "public", "t_1", 'r', "postgres", "public.t_1", true, true);

    [Fact]
    public void A_disabled_trigger_is_created_then_disabled_and_depends_on_its_function()
    {
        var trigger = Trigger('D', 'r') with { Description = EmitContexts.Comment(CatalogId.PgTrigger, 60, "audit") };
        var block = TriggerEmitter.Emit(trigger, EmitContexts.For(new DumpOptions { IfExists = true }));
        Assert.Equal(
            "CREATE TRIGGER audit AFTER INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.f();\n" +
            "ALTER TABLE public.t DISABLE TRIGGER audit;\nCOMMENT ON TRIGGER audit ON public.t IS 'audit';\n",
            block.Sql);
        Assert.Equal("DROP TRIGGER IF EXISTS audit ON public.t;\n", block.DropSql);
        Assert.Equal([new CatalogId(CatalogId.PgClass, Table), new CatalogId(CatalogId.PgProc, 61)], block.DependsOn);
    }

    [Theory]
    [InlineData('v', "ALTER VIEW public.t ENABLE ALWAYS TRIGGER audit;\n")]
    [InlineData('f', "ALTER FOREIGN TABLE public.t ENABLE ALWAYS TRIGGER audit;\n")]
    public void A_trigger_state_uses_its_relations_keyword(char relKind, string expected) =>
        Assert.EndsWith(expected, TriggerEmitter.Emit(Trigger('A', relKind), EmitContexts.For()).Sql, StringComparison.Ordinal);

    [Fact]
    public void A_clone_says_only_what_differs_from_its_parent_trigger()
    {
        var same = new PartitionTriggerRecord(70, Table, "audit", 'O', 'O', [60], EmitContexts.Nothing(CatalogId.PgTrigger, 70));
        Assert.Null(TriggerEmitter.EmitClone(same, Partition, EmitContexts.For()));

        var enabledUnderDisabled = same with { ParentEnabled = 'D', Ancestors = [60, 59] };
        var block = TriggerEmitter.EmitClone(enabledUnderDisabled, Partition, EmitContexts.For())!;
        Assert.Equal("ALTER TABLE public.t_1 ENABLE TRIGGER audit;\n", block.Sql);
        Assert.Equal([new CatalogId(CatalogId.PgClass, Table), new CatalogId(CatalogId.PgTrigger, 60), new CatalogId(CatalogId.PgTrigger, 59)], block.DependsOn);
        Assert.Null(block.DropSql);

        var commented = same with { Description = EmitContexts.Comment(CatalogId.PgTrigger, 70, "mine") };
        Assert.Equal("COMMENT ON TRIGGER audit ON public.t_1 IS 'mine';\n", TriggerEmitter.EmitClone(commented, Partition, EmitContexts.For())!.Sql);
        Assert.Null(TriggerEmitter.EmitClone(commented, Partition, EmitContexts.For(new DumpOptions { NoComments = true })));
    }

    [Theory]
    [InlineData("CREATE RULE r AS ON INSERT TO public.t DO INSTEAD NOTHING;", 'O', "CREATE RULE r AS ON INSERT TO public.t DO INSTEAD NOTHING;\n")]
    [InlineData("CREATE RULE r AS ON INSERT TO public.t DO NOTHING", 'D', "CREATE RULE r AS ON INSERT TO public.t DO NOTHING;\nALTER TABLE public.t DISABLE RULE r;\n")]
    [InlineData("CREATE RULE r AS ON INSERT TO public.t DO NOTHING;", 'R', "CREATE RULE r AS ON INSERT TO public.t DO NOTHING;\nALTER TABLE public.t ENABLE REPLICA RULE r;\n")]
    [InlineData("CREATE RULE r AS ON INSERT TO public.t DO NOTHING;", 'A', "CREATE RULE r AS ON INSERT TO public.t DO NOTHING;\nALTER TABLE public.t ENABLE ALWAYS RULE r;\n")]
    public void A_rule_ends_with_one_semicolon_and_says_its_state(string definition, char enabled, string expected) =>
        Assert.Equal(expected, RuleEmitter.Emit(new RuleRecord(80, Table, "r", definition, enabled, EmitContexts.Nothing(CatalogId.PgRewrite, 80)), Rel, EmitContexts.For()).Sql);

    [Fact]
    public void A_rule_has_its_comment_and_a_safe_drop()
    {
        var rule = new RuleRecord(80, Table, "Rule", "CREATE RULE \"Rule\" AS ON DELETE TO public.t DO NOTHING;", 'O', EmitContexts.Comment(CatalogId.PgRewrite, 80, "r"));
        var block = RuleEmitter.Emit(rule, Rel, EmitContexts.For(new DumpOptions { IfExists = true }));
        Assert.EndsWith("COMMENT ON RULE \"Rule\" ON public.t IS 'r';\n", block.Sql, StringComparison.Ordinal);
        Assert.Equal("DROP RULE IF EXISTS \"Rule\" ON public.t;\n", block.DropSql);
        Assert.Equal(("RULE", "t Rule", DumpSection.PostData), (block.Kind, block.Name, block.Section));
    }

    [Fact]
    public void Row_security_is_enabled_after_the_data()
    {
        var block = PolicyEmitter.RowSecurity(Rel);
        Assert.Equal("ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;\n", block.Sql);
        Assert.Equal(new CatalogId(CatalogId.PgPolicy + 1_000_000u, Table), block.Id);
    }

    [Fact]
    public void A_restrictive_command_policy_names_its_roles_and_expressions()
    {
        var policy = new PolicyRecord(90, Table, "own rows", 'w', false, ["app", "Admin"], "(owner = CURRENT_USER)", "(owner = CURRENT_USER)", EmitContexts.Comment(CatalogId.PgPolicy, 90, "p"));
        var block = PolicyEmitter.Emit(policy, Rel, EmitContexts.For(new DumpOptions { IfExists = true }));
        Assert.Equal(
            "CREATE POLICY \"own rows\" ON public.t AS RESTRICTIVE FOR UPDATE TO app, \"Admin\" USING ((owner = CURRENT_USER)) WITH CHECK ((owner = CURRENT_USER));\n" +
            "COMMENT ON POLICY \"own rows\" ON public.t IS 'p';\n",
            block.Sql);
        Assert.Equal("DROP POLICY IF EXISTS \"own rows\" ON public.t;\n", block.DropSql);
    }

    [Theory]
    [InlineData('r', " FOR SELECT")]
    [InlineData('a', " FOR INSERT")]
    [InlineData('d', " FOR DELETE")]
    [InlineData('*', "")]
    public void A_permissive_policy_for_public_says_only_its_command(char command, string clause)
    {
        var policy = new PolicyRecord(90, Table, "p", command, true, null, null, null, EmitContexts.Nothing(CatalogId.PgPolicy, 90));
        Assert.Equal("CREATE POLICY p ON public.t" + clause + ";\n", PolicyEmitter.Emit(policy, Rel, EmitContexts.For()).Sql);
    }

    private static TriggerRecord Trigger(char enabled, char relKind) =>
        new(60, Table, "audit", "CREATE TRIGGER audit AFTER INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.f()", enabled, "public", "t", "postgres", 61, relKind,
            EmitContexts.Nothing(CatalogId.PgTrigger, 60));
}
