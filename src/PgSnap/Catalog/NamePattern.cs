using System.Text;
using System.Text.RegularExpressions;

namespace PgSnap.Catalog;

/// <summary>
/// A psql-style name pattern (as -n/-t take): <c>*</c> is any text, <c>?</c> any one character, a dot separates
/// database, schema and object name, text in double quotes is literal and keeps its case, other letters are
/// folded to lower case, <c>$</c> is literal and the remaining regular-expression characters keep their meaning.
/// </summary>
internal sealed class NamePattern
{
    private NamePattern(string text, Regex? database, Regex? schema, Regex name)
    {
        Text = text;
        Database = database;
        Schema = schema;
        Name = name;
    }

    public string Text { get; }

    public Regex? Database { get; }

    /// <summary>Null when the pattern names no schema (it then matches what the search path makes visible).</summary>
    public Regex? Schema { get; }

    public Regex Name { get; }

    /// <param name="maxParts">2 for schema patterns (db.schema), 3 for table patterns (db.schema.table).</param>
    public static NamePattern Parse(string text, int maxParts)
    {
        var parts = new List<StringBuilder> { new() };
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var current = parts[^1];
            if (c == '"')
            {
                if (inQuotes && i + 1 < text.Length && text[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    inQuotes = !inQuotes;
                }
            }
            else if (inQuotes)
            {
                current.Append(Regex.Escape(c.ToString()));
            }
            else if (c == '.')
            {
                parts.Add(new StringBuilder());
            }
            else if (c == '*')
            {
                current.Append(".*");
            }
            else if (c == '?')
            {
                current.Append('.');
            }
            else if (c == '$')
            {
                current.Append("\\$");
            }
            else
            {
                current.Append(char.ToLowerInvariant(c));
            }
        }

        if (parts.Count > maxParts)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"improper qualified name (too many dotted names): {text}");
        }

        Regex Make(StringBuilder sb) => new("^(" + sb + ")$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

        return parts.Count switch
        {
            1 => new NamePattern(text, null, null, Make(parts[0])),
            2 => new NamePattern(text, null, Make(parts[0]), Make(parts[1])),
            _ => new NamePattern(text, Make(parts[0]), Make(parts[1]), Make(parts[2])),
        };
    }
}
