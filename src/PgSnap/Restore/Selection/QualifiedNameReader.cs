using System.Text;

namespace PgSnap.Restore.Selection;

/// <summary>
/// Reads a dotted SQL name (each part bare or double-quoted) out of statement text, as pg_dump and pgsnap write
/// them: enough to tell which table a statement is about, not a parser.
/// </summary>
internal static class QualifiedNameReader
{
    /// <summary>The parts of the name starting at <paramref name="at"/> (after spaces); empty when none is there.</summary>
    public static List<string> Read(string sql, int at)
    {
        var parts = new List<string>();
        var i = at;
        while (i < sql.Length && sql[i] == ' ')
        {
            i++;
        }

        while (i < sql.Length)
        {
            var part = new StringBuilder();
            if (sql[i] == '"')
            {
                i++;
                while (i < sql.Length && !(sql[i] == '"' && (i + 1 >= sql.Length || sql[i + 1] != '"')))
                {
                    part.Append(sql[i]);
                    i += sql[i] == '"' ? 2 : 1;
                }

                i++;
            }
            else
            {
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$'))
                {
                    part.Append(sql[i++]);
                }
            }

            if (part.Length == 0)
            {
                break;
            }

            parts.Add(part.ToString());
            if (i < sql.Length && sql[i] == '.')
            {
                i++;
                continue;
            }

            break;
        }

        return parts;
    }

    /// <summary>The name after the first <paramref name="keyword"/> (e.g. " REFERENCES "), or an empty list.</summary>
    public static List<string> After(string sql, string keyword)
    {
        var at = sql.IndexOf(keyword, StringComparison.Ordinal);
        return at < 0 ? [] : Read(sql, at + keyword.Length);
    }
}
