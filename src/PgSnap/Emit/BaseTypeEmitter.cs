using System.Globalization;
using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// Base types and shell types. A base type and its I/O functions need each other, so, as pg_dump does, each base
/// type also gets a SHELL TYPE block (<c>CREATE TYPE name;</c>) that the functions are created after (the sort points
/// them at it: <see cref="Catalog.BaseTypeReader.BreakIoFunctionCycles"/>). A shell type that was never completed is
/// dumped as that one statement.
/// </summary>
internal static class BaseTypeEmitter
{
    /// <summary>Class id of the SHELL TYPE objects: a pseudo catalog, so they never collide with real rows.</summary>
    public const uint ShellTypeClass = CatalogId.PgType + 1_000_000u;

    /// <summary>A base type's SHELL TYPE block then its TYPE block; a shell type's TYPE block alone.</summary>
    public static IReadOnlyList<DumpObject> Emit(BaseTypeRecord t, EmitContext context)
    {
        var d = context.Decorations;
        var qn = context.Quoting.Qualified(t.Schema, t.Name);
        var sb = new StringBuilder();
        if (t.Type == 'p')
        {
            sb.Append("CREATE TYPE ").Append(qn).Append(";\n");
        }
        else
        {
            AppendCreate(sb, qn, t);
        }

        d.Owner(sb, "TYPE", qn, t.Owner);
        d.Acl(sb, "TYPE", qn, null, t.Acl, t.InitialAcl, of: new(CatalogId.PgType, t.Oid), writeOutDefault: true);
        context.Describe(sb, "TYPE", qn, t.Description);
        var type = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgType, t.Oid),
            Kind = "TYPE",
            Schema = t.Schema,
            Name = t.Name,
            Owner = t.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.Type,
            Sql = sb.ToString(),
            DropSql = d.Drop("TYPE", qn, t.Type == 'b' ? " CASCADE" : null),
        };
        if (t.ArrayType != 0)
        {
            type.Aliases.Add(new CatalogId(CatalogId.PgType, t.ArrayType));
        }

        return t.Type == 'p' ? [type] : [Shell(t, qn), type];
    }

    private static DumpObject Shell(BaseTypeRecord t, string qn) => new()
    {
        Id = new CatalogId(ShellTypeClass, t.Oid),
        Kind = "SHELL TYPE",
        Schema = t.Schema,
        Name = t.Name,
        Owner = t.Owner,
        Section = DumpSection.PreData,
        Priority = SortPriority.Type,
        Sql = "CREATE TYPE " + qn + ";\n",
    };

    private static void AppendCreate(StringBuilder sb, string qn, BaseTypeRecord t)
    {
        var f = t.Functions;
        var items = new List<string>
        {
            "INTERNALLENGTH = " + (t.Length == -1 ? "variable" : t.Length.ToString(CultureInfo.InvariantCulture)),
            "INPUT = " + f.Input,
            "OUTPUT = " + f.Output,
        };
        AddIf(items, "RECEIVE", f.Receive);
        AddIf(items, "SEND", f.Send);
        AddIf(items, "TYPMOD_IN", f.TypmodIn);
        AddIf(items, "TYPMOD_OUT", f.TypmodOut);
        AddIf(items, "ANALYZE", f.Analyze);
        AddIf(items, "SUBSCRIPT", f.Subscript);
        if (t.Category != 'U')
        {
            items.Add("CATEGORY = " + Ddl.Quoting.Literal(t.Category.ToString()));
        }

        if (t.Preferred)
        {
            items.Add("PREFERRED = true");
        }

        if (t.Default is not null)
        {
            items.Add("DEFAULT = " + Ddl.Quoting.Literal(t.Default));
        }

        AddIf(items, "ELEMENT", t.Element);
        if (t.Delimiter != ",")
        {
            items.Add("DELIMITER = " + Ddl.Quoting.Literal(t.Delimiter));
        }

        items.Add("ALIGNMENT = " + t.Alignment switch { 'c' => "char", 's' => "int2", 'd' => "double", _ => "int4" });
        items.Add("STORAGE = " + t.Storage switch { 'e' => "external", 'x' => "extended", 'm' => "main", _ => "plain" });
        if (t.ByValue)
        {
            items.Add("PASSEDBYVALUE");
        }

        if (t.Collatable)
        {
            items.Add("COLLATABLE = true");
        }

        sb.Append("CREATE TYPE ").Append(qn).Append(" (\n    ").Append(string.Join(",\n    ", items)).Append("\n);\n");
    }

    private static void AddIf(List<string> items, string option, string? function)
    {
        if (function is not null)
        {
            items.Add(option + " = " + function);
        }
    }
}
