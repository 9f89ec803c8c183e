using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>The CREATE COLLATION statement (and block) that recreates a collation as the catalog describes it.</summary>
internal static class CollationEmitter
{
    /// <summary>The collation's block: CREATE COLLATION, owner, comment and labels.</summary>
    public static DumpObject Emit(CollationRecord c, EmitContext context)
    {
        var qn = context.Quoting.Qualified(c.Schema, c.Name);
        var sb = new StringBuilder(Create(qn, c.Definition));
        context.Decorations.Owner(sb, "COLLATION", qn, c.Owner);
        context.Describe(sb, "COLLATION", qn, c.Description);
        return new DumpObject
        {
            Id = new CatalogId(CatalogId.PgCollation, c.Oid),
            Kind = "COLLATION",
            Schema = c.Schema,
            Name = c.Name,
            Owner = c.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.Collation,
            Sql = sb.ToString(),
            DropSql = context.Decorations.Drop("COLLATION", qn),
        };
    }

    /// <param name="qualifiedName">The collation's quoted, qualified name.</param>
    /// <returns>The statement with its newline.</returns>
    public static string Create(string qualifiedName, CollationDefinition c)
    {
        var sb = new StringBuilder("CREATE COLLATION ").Append(qualifiedName);
        if (AnyEncodingOrigin(c) is { } origin)
        {
            // Before 18, CREATE COLLATION with locale = 'C' binds the new collation to the database encoding; a
            // copy made FROM "C" or "POSIX" keeps their "any encoding" (-1), and so does the same FROM at restore.
            return sb.Append(" FROM pg_catalog.").Append(origin).Append(";\n").ToString();
        }

        sb.Append(" (provider = ").Append(c.Provider switch { 'i' => "icu", 'b' => "builtin", _ => "libc" });
        if (c.Provider is 'i' or 'b')
        {
            sb.Append(", locale = ").Append(Ddl.Quoting.Literal(c.Locale ?? c.Collate ?? string.Empty));
        }
        else if (c.Collate == c.Ctype)
        {
            sb.Append(", locale = ").Append(Ddl.Quoting.Literal(c.Collate ?? string.Empty));
        }
        else
        {
            sb.Append(", lc_collate = ").Append(Ddl.Quoting.Literal(c.Collate ?? string.Empty))
              .Append(", lc_ctype = ").Append(Ddl.Quoting.Literal(c.Ctype ?? string.Empty));
        }

        if (c.Rules is not null)
        {
            sb.Append(", rules = ").Append(Ddl.Quoting.Literal(c.Rules));
        }

        if (!c.Deterministic)
        {
            sb.Append(", deterministic = false");
        }

        return sb.Append(");\n").ToString();
    }

    /// <summary>The quoted built-in libc collation a collation of any encoding is a copy of, or null.</summary>
    private static string? AnyEncodingOrigin(CollationDefinition c) =>
        c is { Provider: 'c', Encoding: -1, Deterministic: true, Rules: null } && c.Collate == c.Ctype
            ? c.Collate switch { "C" => "\"C\"", "POSIX" => "\"POSIX\"", _ => null }
            : null;
}
