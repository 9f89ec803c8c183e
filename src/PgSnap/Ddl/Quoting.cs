using System.Text;

namespace PgSnap.Ddl;

/// <summary>
/// Writes names and strings into SQL so that any text round-trips and nothing in a name can escape its quotes:
/// identifiers are double-quoted (doubling inner quotes) unless they are plain lower-case words that are not
/// reserved, and literals are single-quoted for standard_conforming_strings = on.
/// </summary>
/// <remarks>The keywords come from the server's pg_get_keywords(), so the rule is the server's own quote_ident.</remarks>
internal sealed class Quoting
{
    private readonly HashSet<string> _reservedWords;
    private readonly bool _quoteAll;

    public Quoting(IEnumerable<string> reservedWords, bool quoteAll)
    {
        _reservedWords = new HashSet<string>(reservedWords, StringComparer.Ordinal);
        _quoteAll = quoteAll;
    }

    /// <summary>An identifier, quoted when needed (or always with --quote-all-identifiers).</summary>
    public string Ident(string name)
    {
        if (!_quoteAll && IsPlain(name) && !_reservedWords.Contains(name))
        {
            return name;
        }

        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary><c>schema.name</c>, each part quoted as needed.</summary>
    public string Qualified(string? schema, string name) =>
        schema is null ? Ident(name) : Ident(schema) + "." + Ident(name);

    /// <summary>A string literal. Backslashes stay literal because the dump runs with standard_conforming_strings on.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A comma-separated list of identifiers.</summary>
    public string IdentList(IEnumerable<string> names)
    {
        var sb = new StringBuilder();
        foreach (var n in names)
        {
            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            sb.Append(Ident(n));
        }

        return sb.ToString();
    }

    /// <summary>
    /// reloptions-style <c>key=value</c> items as <c>key='value'</c> pairs for a WITH (…) clause; the key is
    /// quoted like an identifier, the value as a literal.
    /// </summary>
    public string OptionList(IEnumerable<string> keyValues, string separator = "=", string keyPrefix = "", string joiner = ", ")
    {
        var sb = new StringBuilder();
        foreach (var item in keyValues)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? item : item[..eq];
            var value = eq < 0 ? string.Empty : item[(eq + 1)..];
            if (sb.Length > 0)
            {
                sb.Append(joiner);
            }

            sb.Append(keyPrefix).Append(Ident(key)).Append(separator).Append(Literal(value));
        }

        return sb.ToString();
    }

    private static bool IsPlain(string name)
    {
        if (name.Length == 0 || !(name[0] is (>= 'a' and <= 'z') or '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
