namespace PgSnap.Sql;

/// <summary>
/// The words of a statement outside parentheses, lower-cased (quoted identifiers keep their quotes, so
/// <c>"enable"</c> never reads as the keyword), as the tokenizer reads them: comments, strings and function bodies
/// cannot fake a keyword. For the few statement shapes a restore option leaves out.
/// </summary>
internal static class StatementWords
{
    /// <summary>Up to <paramref name="max"/> words from the start of <paramref name="statement"/>.</summary>
    public static List<string> Read(ReadOnlySpan<byte> statement, int max = int.MaxValue)
    {
        var words = new List<string>();
        var t = new SqlTokenizer(statement);
        while (words.Count < max && t.Next())
        {
            if (t.Depth != 0)
            {
                continue;
            }

            if (t.Kind == SqlTokenKind.Word)
            {
                words.Add(System.Text.Encoding.UTF8.GetString(t.Token).ToLowerInvariant());
            }
            else if (t.Kind == SqlTokenKind.QuotedIdentifier)
            {
                words.Add(System.Text.Encoding.UTF8.GetString(t.Token));
            }
        }

        return words;
    }

    /// <summary>Whether <paramref name="words"/> holds <paramref name="expected"/> from <paramref name="at"/> on.</summary>
    public static bool Has(List<string> words, int at, params string[] expected)
    {
        if (at < 0 || at + expected.Length > words.Count)
        {
            return false;
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (words[at + i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }
}
