using System.Text;
using PgSnap.Ddl;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// Writes CREATE OPERATOR FAMILY / CREATE OPERATOR CLASS / ALTER OPERATOR FAMILY … ADD from catalog records and their
/// member lines (<c>OPERATOR 1 &lt;(int4,int4)</c>, <c>FUNCTION 1 (int4, int4) f(int4,int4)</c>).
/// </summary>
/// <remarks>
/// Every family is created on its own, also the one CREATE OPERATOR CLASS made implicitly, and every class names its
/// family: the family then keeps its own owner and comment, and its loose members (added by ALTER OPERATOR FAMILY)
/// have a family to go to before any class exists.
/// </remarks>
internal static class OperatorClassEmitter
{
    /// <summary>The family's block: CREATE, its loose members, owner, comment and labels.</summary>
    public static DumpObject EmitFamily(OperatorFamilyRecord f, EmitContext context)
    {
        var target = Target(context.Quoting, f.Schema, f.Name, f.Method);
        var sb = new StringBuilder(CreateFamily(context.Quoting, f)).Append(AddLooseMembers(context.Quoting, f));
        context.Decorations.Owner(sb, "OPERATOR FAMILY", target, f.Owner);
        context.Describe(sb, "OPERATOR FAMILY", target, f.Description);
        return new DumpObject
        {
            Id = new CatalogId(CatalogId.PgOpfamily, f.Oid),
            Kind = "OPERATOR FAMILY",
            Schema = f.Schema,
            Name = f.Name + " USING " + f.Method,
            Owner = f.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.OperatorFamily,
            Sql = sb.ToString(),
            DropSql = context.Decorations.Drop("OPERATOR FAMILY", target),
        };
    }

    /// <summary>The class's block: CREATE with its members, owner, comment and labels; it depends on its family.</summary>
    public static DumpObject EmitClass(OperatorClassRecord c, EmitContext context)
    {
        var target = Target(context.Quoting, c.Schema, c.Name, c.Method);
        var sb = new StringBuilder(CreateClass(context.Quoting, c));
        context.Decorations.Owner(sb, "OPERATOR CLASS", target, c.Owner);
        context.Describe(sb, "OPERATOR CLASS", target, c.Description);
        var obj = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgOpclass, c.Oid),
            Kind = "OPERATOR CLASS",
            Schema = c.Schema,
            Name = c.Name + " USING " + c.Method,
            Owner = c.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.OperatorFamily,
            Sql = sb.ToString(),
            DropSql = context.Decorations.Drop("OPERATOR CLASS", target),
        };
        obj.DependsOn.Add(new CatalogId(CatalogId.PgOpfamily, c.FamilyOid));
        return obj;
    }

    /// <summary><c>schema.name USING method</c>, how COMMENT, ALTER and DROP name a class or family.</summary>
    public static string Target(Quoting q, string schema, string name, string method) =>
        q.Qualified(schema, name) + " USING " + q.Ident(method);

    public static string CreateFamily(Quoting q, OperatorFamilyRecord f) =>
        "CREATE OPERATOR FAMILY " + Target(q, f.Schema, f.Name, f.Method) + ";\n";

    /// <summary>ALTER OPERATOR FAMILY … ADD for the members tied to the family rather than to a class, or empty.</summary>
    public static string AddLooseMembers(Quoting q, OperatorFamilyRecord f) =>
        f.LooseMembers.Count == 0
            ? string.Empty
            : "ALTER OPERATOR FAMILY " + Target(q, f.Schema, f.Name, f.Method) + " ADD\n    " + string.Join(",\n    ", f.LooseMembers) + ";\n";

    /// <summary>
    /// CREATE OPERATOR CLASS with STORAGE first, then the class's own members. A class with neither (its STORAGE was
    /// its own type, which the server does not record, or it never had members) still needs an item after AS:
    /// <c>STORAGE</c> of its own type, which the server accepts and ignores.
    /// </summary>
    public static string CreateClass(Quoting q, OperatorClassRecord c)
    {
        var items = new List<string>();
        if (c.Storage is not null)
        {
            items.Add("STORAGE " + c.Storage);
        }

        items.AddRange(c.Members);
        if (items.Count == 0)
        {
            items.Add("STORAGE " + c.Type);
        }

        return new StringBuilder("CREATE OPERATOR CLASS ").Append(q.Qualified(c.Schema, c.Name))
            .Append(c.Default ? "\n    DEFAULT" : string.Empty)
            .Append(" FOR TYPE ").Append(c.Type).Append(" USING ").Append(q.Ident(c.Method))
            .Append(" FAMILY ").Append(q.Qualified(c.FamilySchema, c.Family))
            .Append(" AS\n    ").Append(string.Join(",\n    ", items)).Append(";\n")
            .ToString();
    }
}
