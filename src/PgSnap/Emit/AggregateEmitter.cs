using System.Globalization;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>CREATE AGGREGATE from pg_aggregate's row: no server function prints it.</summary>
internal static class AggregateEmitter
{
    /// <param name="qualifiedName">The aggregate's name, schema-qualified and quoted.</param>
    /// <param name="arguments">The argument list (pg_get_function_arguments), or * for none.</param>
    public static string Create(AggregateRecord a, string qualifiedName, string arguments)
    {
        var items = new List<string>();
        AddTransition(items, a);
        if (a.Moving is { } moving)
        {
            AddMoving(items, moving);
        }

        if (a.SortOp is not null)
        {
            items.Add("SORTOP = " + SortOperator(a.SortOp));
        }

        if (a.Parallel is 's' or 'r')
        {
            items.Add("PARALLEL = " + (a.Parallel == 's' ? "safe" : "restricted"));
        }

        if (a.Kind == 'h')
        {
            items.Add("HYPOTHETICAL");
        }

        return "CREATE AGGREGATE " + qualifiedName + "(" + arguments + ") (\n    " + string.Join(",\n    ", items) + "\n);\n";
    }

    /// <summary>The plain mode: state function and type, initial state, final, combine and (de)serial functions.</summary>
    private static void AddTransition(List<string> items, AggregateRecord a)
    {
        items.Add("SFUNC = " + a.TransFn);
        items.Add("STYPE = " + a.TransType);
        if (a.TransSpace != 0)
        {
            items.Add("SSPACE = " + a.TransSpace.ToString(CultureInfo.InvariantCulture));
        }

        if (a.InitVal is not null)
        {
            items.Add("INITCOND = " + Ddl.Quoting.Literal(a.InitVal));
        }

        if (a.FinalFn is not null)
        {
            items.Add("FINALFUNC = " + a.FinalFn);
            if (a.FinalExtra)
            {
                items.Add("FINALFUNC_EXTRA");
            }

            items.Add("FINALFUNC_MODIFY = " + Modify(a.FinalModify));
        }

        AddIf(items, "COMBINEFUNC", a.CombineFn);
        AddIf(items, "SERIALFUNC", a.SerialFn);
        AddIf(items, "DESERIALFUNC", a.DeserialFn);
    }

    private static void AddMoving(List<string> items, MovingAggregate m)
    {
        items.Add("MSFUNC = " + m.TransFn);
        items.Add("MINVFUNC = " + m.InverseTransFn);
        items.Add("MSTYPE = " + m.TransType);
        if (m.TransSpace != 0)
        {
            items.Add("MSSPACE = " + m.TransSpace.ToString(CultureInfo.InvariantCulture));
        }

        if (m.FinalFn is not null)
        {
            items.Add("MFINALFUNC = " + m.FinalFn);
            if (m.FinalExtra)
            {
                items.Add("MFINALFUNC_EXTRA");
            }

            items.Add("MFINALFUNC_MODIFY = " + Modify(m.FinalModify));
        }

        if (m.InitVal is not null)
        {
            items.Add("MINITCOND = " + Ddl.Quoting.Literal(m.InitVal));
        }
    }

    /// <summary>regoperator prints name(left,right), qualified only outside the search path; CREATE AGGREGATE wants OPERATOR(schema.name).</summary>
    private static string SortOperator(string regoperator)
    {
        var paren = regoperator.IndexOf('(', StringComparison.Ordinal);
        return "OPERATOR(" + (regoperator.Contains('.', StringComparison.Ordinal) ? string.Empty : "pg_catalog.") + regoperator[..paren] + ")";
    }

    private static void AddIf(List<string> items, string option, string? function)
    {
        if (function is not null)
        {
            items.Add(option + " = " + function);
        }
    }

    private static string Modify(char c) => c switch { 'r' => "READ_ONLY", 's' => "SHAREABLE", _ => "READ_WRITE" };
}
