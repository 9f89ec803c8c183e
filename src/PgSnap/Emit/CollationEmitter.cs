using System.Text;

namespace PgSnap.Emit;

/// <summary>What pg_collation says about one collation, as the CREATE COLLATION needs it.</summary>
/// <param name="Provider">collprovider: c (libc), i (ICU) or b (builtin).</param>
/// <param name="Locale">The ICU or builtin locale (colllocale, colliculocale before 17), else null.</param>
/// <param name="Encoding">collencoding: -1 when usable with any database encoding.</param>
internal sealed record CollationDefinition(char Provider, string? Collate, string? Ctype, string? Locale, string? Rules, bool Deterministic, int Encoding);

/// <summary>The CREATE COLLATION statement that recreates a collation as the catalog describes it.</summary>
internal static class CollationEmitter
{
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
