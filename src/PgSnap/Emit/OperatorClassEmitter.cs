using System.Text;
using PgSnap.Ddl;

namespace PgSnap.Emit;

/// <summary>An operator family as the catalog holds it.</summary>
internal sealed record OperatorFamilyRow(uint Oid, string Schema, string Name, string Owner, string Method);

/// <summary>An operator class as the catalog holds it; <paramref name="Storage"/> is its STORAGE type when it has one.</summary>
internal sealed record OperatorClassRow(
    uint Oid, string Schema, string Name, string Owner, string Method, string Type, bool Default, string? Storage,
    string FamilySchema, string Family, uint FamilyOid);

/// <summary>
/// Writes CREATE OPERATOR FAMILY / CREATE OPERATOR CLASS / ALTER OPERATOR FAMILY … ADD from catalog rows and their
/// member lines (<c>OPERATOR 1 &lt;(int4,int4)</c>, <c>FUNCTION 1 (int4, int4) f(int4,int4)</c>).
/// </summary>
/// <remarks>
/// Every family is created on its own, also the one CREATE OPERATOR CLASS made implicitly, and every class names its
/// family: the family then keeps its own owner and comment, and its loose members (added by ALTER OPERATOR FAMILY)
/// have a family to go to before any class exists.
/// </remarks>
internal static class OperatorClassEmitter
{
    /// <summary><c>schema.name USING method</c>, how COMMENT, ALTER and DROP name a class or family.</summary>
    public static string Target(Quoting q, string schema, string name, string method) =>
        q.Qualified(schema, name) + " USING " + q.Ident(method);

    public static string CreateFamily(Quoting q, OperatorFamilyRow f) =>
        "CREATE OPERATOR FAMILY " + Target(q, f.Schema, f.Name, f.Method) + ";\n";

    /// <summary>ALTER OPERATOR FAMILY … ADD for the members tied to the family rather than to a class, or empty.</summary>
    public static string AddLooseMembers(Quoting q, OperatorFamilyRow f, IReadOnlyList<string> members) =>
        members.Count == 0
            ? string.Empty
            : "ALTER OPERATOR FAMILY " + Target(q, f.Schema, f.Name, f.Method) + " ADD\n    " + string.Join(",\n    ", members) + ";\n";

    /// <summary>
    /// CREATE OPERATOR CLASS with STORAGE first, then the class's own members. A class with neither (its STORAGE was
    /// its own type, which the server does not record, or it never had members) still needs an item after AS:
    /// <c>STORAGE</c> of its own type, which the server accepts and ignores.
    /// </summary>
    public static string CreateClass(Quoting q, OperatorClassRow c, IReadOnlyList<string> members)
    {
        var items = new List<string>();
        if (c.Storage is not null)
        {
            items.Add("STORAGE " + c.Storage);
        }

        items.AddRange(members);
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
