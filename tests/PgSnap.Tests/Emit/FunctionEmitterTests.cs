using PgSnap.Catalog.Coverage;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>Functions, procedures, window functions and aggregates, without a server.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class FunctionEmitterTests
{
    private const uint Oid = 42001;

    /// <summary>pg_get_functiondef's text without the newline it ends with.</summary>
    private const string Body =
        "CREATE OR REPLACE FUNCTION \"Odd \"\"Schema\"\"\".\"Fn Name\"(a integer, b text)\n RETURNS integer\n LANGUAGE sql\nAS $function$SELECT a$function$";

    private const string Definition = Body + "\n";

    [Fact]
    public void A_function_is_the_servers_definition_with_its_owner()
    {
        var block = FunctionEmitter.Emit(Function('f', Definition), EmitContexts.For());
        Assert.Equal(Body + ";\nALTER FUNCTION \"Odd \"\"Schema\"\"\".\"Fn Name\"(a integer, b text) OWNER TO alice;\n", block.Sql);
        Assert.Equal(("FUNCTION", "Odd \"Schema\"", "Fn Name(a integer, b text)", SortPriority.Function), (block.Kind, block.Schema, block.Name, block.Priority));
        Assert.Equal(new CatalogId(CatalogId.PgProc, Oid), block.Id);
        Assert.Equal(DumpSection.PreData, block.Section);
        Assert.Equal("DROP FUNCTION \"Odd \"\"Schema\"\"\".\"Fn Name\"(a integer, b text);\n", block.DropSql);
    }

    [Fact]
    public void Security_definer_and_set_clauses_stay_as_the_server_wrote_them()
    {
        const string definer = "CREATE OR REPLACE FUNCTION public.f()\n RETURNS void\n LANGUAGE plpgsql\n SECURITY DEFINER\n SET search_path TO ''\n SET work_mem TO '64MB'\nAS $function$BEGIN END$function$\n\n";
        var block = FunctionEmitter.Emit(Function('f', definer) with { Schema = "public", Name = "f", IdentityArguments = string.Empty }, EmitContexts.For(new DumpOptions { NoOwner = true }));
        Assert.Equal(definer.TrimEnd('\n') + ";\n", block.Sql);
        Assert.Equal("f()", block.Name);
    }

    [Fact]
    public void A_procedure_is_altered_granted_and_dropped_as_a_procedure()
    {
        var procedure = Function('p', "CREATE OR REPLACE PROCEDURE \"Odd \"\"Schema\"\"\".\"Fn Name\"(a integer, b text)\n LANGUAGE sql\nAS $procedure$SELECT 1$procedure$\n") with
        {
            Acl = ["alice=X/alice"],
            Description = EmitContexts.Comment(CatalogId.PgProc, Oid, "runs"),
        };
        var block = FunctionEmitter.Emit(procedure, EmitContexts.For(new DumpOptions { IfExists = true }));
        const string signature = "\"Odd \"\"Schema\"\"\".\"Fn Name\"(a integer, b text)";
        Assert.EndsWith(
            $"ALTER PROCEDURE {signature} OWNER TO alice;\nREVOKE ALL ON PROCEDURE {signature} FROM PUBLIC;\nCOMMENT ON PROCEDURE {signature} IS 'runs';\n",
            block.Sql,
            StringComparison.Ordinal);
        Assert.Equal("PROCEDURE", block.Kind);
        Assert.Equal($"DROP PROCEDURE IF EXISTS {signature};\n", block.DropSql);
    }

    [Fact]
    public void A_window_function_is_a_function()
    {
        var block = FunctionEmitter.Emit(Function('w', Definition), EmitContexts.For());
        Assert.Equal(("FUNCTION", SortPriority.Function), (block.Kind, block.Priority));
        Assert.StartsWith(Body + ";\nALTER FUNCTION ", block.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Privileges_that_equal_the_default_but_were_written_out_are_written_again()
    {
        var function = Function('f', Definition) with { Acl = ["=X/alice", "alice=X/alice"] };
        var context = EmitContexts.For();
        Assert.EndsWith("GRANT EXECUTE ON FUNCTION \"Odd \"\"Schema\"\"\".\"Fn Name\"(a integer, b text) TO alice;\n", FunctionEmitter.Emit(function, context).Sql, StringComparison.Ordinal);
        Assert.Contains(new CatalogKey(CatalogId.PgProc, Oid), context.Decorations.EmittedAcls);
        Assert.DoesNotContain("GRANT", FunctionEmitter.Emit(function, EmitContexts.For(new DumpOptions { NoOwner = true })).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void No_owner_no_acl_and_no_comments_leave_only_the_definition()
    {
        var function = Function('f', Definition) with { Acl = ["alice=X/alice"], Description = EmitContexts.Comment(CatalogId.PgProc, Oid, "x") };
        var block = FunctionEmitter.Emit(function, EmitContexts.For(new DumpOptions { NoOwner = true, NoAcl = true, NoComments = true }));
        Assert.Equal(Body + ";\n", block.Sql);
    }

    [Fact]
    public void An_aggregate_of_no_arguments_is_named_with_a_star_and_granted_on_function()
    {
        var aggregate = Aggregate(string.Empty, null, Plain()) with
        {
            Acl = ["alice=X/alice"],
            Description = new Description(new CatalogKey(CatalogId.PgProc, Oid), "counts", [new SecurityLabel("dummy", "l")]),
        };
        var context = EmitContexts.For(new DumpOptions { IfExists = true });
        var block = FunctionEmitter.Emit(aggregate, context);
        const string name = "\"Odd \"\"Schema\"\"\".\"Fn Name\"";
        Assert.Equal(
            $"CREATE AGGREGATE {name}(*) (\n    SFUNC = int8inc,\n    STYPE = bigint\n);\nALTER AGGREGATE {name}(*) OWNER TO alice;\nREVOKE ALL ON FUNCTION {name}(*) FROM PUBLIC;\n"
            + $"COMMENT ON AGGREGATE {name}(*) IS 'counts';\nSECURITY LABEL FOR dummy ON AGGREGATE {name}(*) IS 'l';\n",
            block.Sql);
        Assert.Equal(("AGGREGATE", "Fn Name(*)", SortPriority.Aggregate), (block.Kind, block.Name, block.Priority));
        Assert.Equal($"DROP AGGREGATE IF EXISTS {name}(*);\n", block.DropSql);
        Assert.Contains(new CatalogKey(CatalogId.PgProc, Oid), context.EmittedLabels);
    }

    [Fact]
    public void An_aggregate_writes_its_state_final_combine_and_serial_functions()
    {
        var state = Plain() with
        {
            TransType = "internal",
            TransSpace = 48,
            InitVal = "{0,'0'}",
            FinalFn = "numeric_avg",
            FinalExtra = true,
            FinalModify = 's',
            CombineFn = "numeric_avg_combine",
            SerialFn = "numeric_avg_serialize",
            DeserialFn = "numeric_avg_deserialize",
            Parallel = 's',
        };
        var sql = FunctionEmitter.Emit(Aggregate("numeric", "numeric", state), EmitContexts.For(new DumpOptions { NoOwner = true })).Sql;
        Assert.Equal(
            "CREATE AGGREGATE \"Odd \"\"Schema\"\"\".\"Fn Name\"(numeric) (\n    SFUNC = int8inc,\n    STYPE = internal,\n    SSPACE = 48,\n    INITCOND = '{0,''0''}',\n"
            + "    FINALFUNC = numeric_avg,\n    FINALFUNC_EXTRA,\n    FINALFUNC_MODIFY = SHAREABLE,\n    COMBINEFUNC = numeric_avg_combine,\n"
            + "    SERIALFUNC = numeric_avg_serialize,\n    DESERIALFUNC = numeric_avg_deserialize,\n    PARALLEL = safe\n);\n",
            sql);
    }

    [Theory]
    [InlineData('r', 'r', "FINALFUNC_MODIFY = READ_ONLY,\n    PARALLEL = restricted\n")]
    [InlineData('w', 'u', "FINALFUNC_MODIFY = READ_WRITE\n")]
    public void Final_modify_and_parallel_are_named(char modify, char parallel, string expected)
    {
        var state = Plain() with { FinalFn = "f_final", FinalModify = modify, Parallel = parallel };
        Assert.Contains(expected, FunctionEmitter.Emit(Aggregate("integer", "integer", state), EmitContexts.For()).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_moving_aggregate_writes_its_moving_mode()
    {
        var state = Plain() with
        {
            Moving = new MovingAggregate("int4_avg_accum", "int4_avg_accum_inv", "bigint[]", 16, "int8_avg", true, 'r', "{0,0}"),
        };
        var sql = FunctionEmitter.Emit(Aggregate("integer", "integer", state), EmitContexts.For(new DumpOptions { NoOwner = true })).Sql;
        Assert.Contains(
            "    STYPE = bigint,\n    MSFUNC = int4_avg_accum,\n    MINVFUNC = int4_avg_accum_inv,\n    MSTYPE = bigint[],\n    MSSPACE = 16,\n"
            + "    MFINALFUNC = int8_avg,\n    MFINALFUNC_EXTRA,\n    MFINALFUNC_MODIFY = READ_ONLY,\n    MINITCOND = '{0,0}'\n);\n",
            sql,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_moving_mode_without_final_function_space_or_initial_state_writes_only_its_functions_and_type()
    {
        var state = Plain() with { Moving = new MovingAggregate("int8inc", "int8dec", "bigint", 0, null, false, 'w', null) };
        var sql = FunctionEmitter.Emit(Aggregate("bigint", "bigint", state), EmitContexts.For()).Sql;
        Assert.Contains("    STYPE = bigint,\n    MSFUNC = int8inc,\n    MINVFUNC = int8dec,\n    MSTYPE = bigint\n);\n", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<(integer,integer)", "SORTOP = OPERATOR(pg_catalog.<)")]
    [InlineData("public.<<<(integer,integer)", "SORTOP = OPERATOR(public.<<<)")]
    public void A_sort_operator_is_written_qualified(string regoperator, string expected) =>
        Assert.Contains(expected, FunctionEmitter.Emit(Aggregate("integer", "integer", Plain() with { SortOp = regoperator }), EmitContexts.For()).Sql, StringComparison.Ordinal);

    [Fact]
    public void An_ordered_set_aggregate_keeps_its_order_by_arguments()
    {
        var state = Plain() with { Kind = 'o', TransType = "internal", FinalFn = "ordered_set_final", FinalExtra = true };
        var block = FunctionEmitter.Emit(Aggregate("double precision ORDER BY anyelement", "double precision ORDER BY anyelement", state), EmitContexts.For(new DumpOptions { NoOwner = true }));
        Assert.Equal(
            "CREATE AGGREGATE \"Odd \"\"Schema\"\"\".\"Fn Name\"(double precision ORDER BY anyelement) (\n    SFUNC = int8inc,\n    STYPE = internal,\n"
            + "    FINALFUNC = ordered_set_final,\n    FINALFUNC_EXTRA,\n    FINALFUNC_MODIFY = READ_ONLY\n);\n",
            block.Sql);
        Assert.Equal("Fn Name(double precision ORDER BY anyelement)", block.Name);
    }

    [Fact]
    public void A_hypothetical_set_aggregate_says_so()
    {
        var state = Plain() with { Kind = 'h' };
        var sql = FunctionEmitter.Emit(Aggregate("VARIADIC \"any\" ORDER BY VARIADIC \"any\"", "VARIADIC \"any\" ORDER BY VARIADIC \"any\"", state), EmitContexts.For()).Sql;
        Assert.StartsWith("CREATE AGGREGATE \"Odd \"\"Schema\"\"\".\"Fn Name\"(VARIADIC \"any\" ORDER BY VARIADIC \"any\") (\n", sql, StringComparison.Ordinal);
        Assert.Contains("    STYPE = bigint,\n    HYPOTHETICAL\n);\n", sql, StringComparison.Ordinal);
    }

    private static FunctionRecord Function(char kind, string definition) =>
        new(Oid, "Odd \"Schema\"", "Fn Name", kind, "alice", null, ["=X/alice", "alice=X/alice"], "a integer, b text", definition, null, null, EmitContexts.Nothing(CatalogId.PgProc, Oid));

    private static FunctionRecord Aggregate(string identity, string? arguments, AggregateRecord state) =>
        Function('a', null!) with { IdentityArguments = identity, Definition = null, AggregateArguments = arguments, Aggregate = state };

    private static AggregateRecord Plain() => new('n', "int8inc", "bigint", 0, null, false, 'r', null, null, null, null, null, null, 'u');
}
