using System.Globalization;
using System.Text;

namespace PgSnap.Tests.Corpus;

/// <summary>One test of pg_dump's TAP suite that seeds the database: its name and create_sql, as Perl would build them.</summary>
/// <param name="Name">The test's key in <c>%tests</c>.</param>
/// <param name="Order">Its <c>create_order</c> (null: none, run after those that have one).</param>
/// <param name="Sql">Its <c>create_sql</c>, Perl quoting and concatenation resolved.</param>
/// <param name="Database">Its <c>database</c> (null: the suite's default database).</param>
/// <param name="Flags">The flags that make the suite skip it on some builds (<c>collation</c>, <c>icu</c>, <c>lz4</c>).</param>
internal sealed record TapTest(string Name, int? Order, string Sql, string? Database, IReadOnlyList<string> Flags);

/// <summary>
/// Reads the <c>%tests</c> hash of src/bin/pg_dump/t/002_pg_dump.pl (kept byte for byte in upstream/pg_dump) without
/// Perl: a small tokenizer for the Perl the file uses there (single- and double-quoted strings, q(), q{}, qq{},
/// qr/…/flags, the '.' operator, barewords, numbers, nested braces and parentheses, # comments), then each entry's
/// create_order, create_sql, database and flags. The load order is the suite's: by create_order, those without one
/// last (the suite leaves their order to Perl's hash order; we keep the file's).
/// </summary>
internal static class TapCreateSql
{
    private enum TokenKind
    {
        String,
        Regex,
        Word,
        Punct,
    }

    private readonly record struct Token(TokenKind Kind, string Text);

    public static IReadOnlyList<TapTest> Parse(string perl)
    {
        var start = perl.IndexOf("my %tests = (", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new FormatException("002_pg_dump.pl: no 'my %tests = (' found");
        }

        var tokens = Tokenize(perl, start + "my %tests = (".Length);
        var tests = new List<TapTest>();
        var i = 0;
        while (i < tokens.Count && tokens[i].Text != ")")
        {
            // name => { key => value, ... },
            var name = tokens[i++];
            Expect(tokens, ref i, "=>");
            Expect(tokens, ref i, "{");
            int? order = null;
            string? sql = null;
            string? database = null;
            var flags = new List<string>();
            while (tokens[i].Text != "}")
            {
                var key = tokens[i++].Text;
                Expect(tokens, ref i, "=>");
                var (value, isText) = ReadValue(tokens, ref i);
                switch (key)
                {
                    case "create_order":
                        order = int.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case "create_sql" when isText:
                        sql = value;
                        break;
                    case "database" when isText:
                        database = value;
                        break;
                    case "collation" or "icu" or "lz4":
                        flags.Add(key);
                        break;
                }

                if (tokens[i].Text == ",")
                {
                    i++;
                }
            }

            i++;
            if (i < tokens.Count && tokens[i].Text == ",")
            {
                i++;
            }

            if (sql is not null)
            {
                tests.Add(new TapTest(name.Text, order, sql, database, flags));
            }
        }

        return [.. tests.Select((t, n) => (t, n)).OrderBy(x => x.t.Order is null ? 1 : 0).ThenBy(x => x.t.Order ?? 0).ThenBy(x => x.n).Select(x => x.t)];
    }

    /// <summary>Perl's normalisation before running a snippet: drop one trailing newline, add ';' when missing.</summary>
    public static string Normalise(string sql)
    {
        if (sql.EndsWith('\n'))
        {
            sql = sql[..^1];
        }

        return sql.EndsWith(';') ? sql : sql + ";";
    }

    /// <summary>A value: strings joined by '.', or anything else (number, bareword, regex, nested hash) skipped.</summary>
    private static (string Value, bool IsText) ReadValue(List<Token> tokens, ref int i)
    {
        if (tokens[i].Kind == TokenKind.String)
        {
            var sb = new StringBuilder(tokens[i++].Text);
            while (tokens[i].Text == "." && tokens[i + 1].Kind == TokenKind.String)
            {
                sb.Append(tokens[i + 1].Text);
                i += 2;
            }

            return (sb.ToString(), true);
        }

        var first = tokens[i].Text;
        var depth = 0;
        while (true)
        {
            var t = tokens[i];
            if (t.Kind == TokenKind.Punct && t.Text is "{" or "(" or "[")
            {
                depth++;
            }
            else if (t.Kind == TokenKind.Punct && t.Text is "}" or ")" or "]")
            {
                if (depth == 0)
                {
                    return (first, false);
                }

                depth--;
            }
            else if (depth == 0 && t.Text == ",")
            {
                return (first, false);
            }

            i++;
        }
    }

    private static void Expect(List<Token> tokens, ref int i, string text)
    {
        if (tokens[i].Text != text)
        {
            throw new FormatException($"002_pg_dump.pl: expected '{text}', found '{tokens[i].Text}' (token {i})");
        }

        i++;
    }

    private static List<Token> Tokenize(string s, int pos)
    {
        var tokens = new List<Token>();
        var depth = 1;
        while (pos < s.Length && depth > 0)
        {
            var c = s[pos];
            if (char.IsWhiteSpace(c))
            {
                pos++;
            }
            else if (c == '#')
            {
                pos = s.IndexOf('\n', pos) is var nl && nl < 0 ? s.Length : nl;
            }
            else if (c == '\'')
            {
                tokens.Add(new Token(TokenKind.String, SingleQuoted(s, ref pos, '\'', '\'')));
            }
            else if (c == '"')
            {
                tokens.Add(new Token(TokenKind.String, DoubleQuoted(s, ref pos, '"', '"')));
            }
            else if (Starts(s, pos, "qq") && IsOpener(s, pos + 2))
            {
                pos += 2;
                tokens.Add(new Token(TokenKind.String, DoubleQuoted(s, ref pos, s[pos], Closer(s[pos]))));
            }
            else if (Starts(s, pos, "qr") && IsOpener(s, pos + 2))
            {
                pos += 2;
                var text = SingleQuoted(s, ref pos, s[pos], Closer(s[pos]), keepEscapes: true);
                while (pos < s.Length && char.IsAsciiLetterLower(s[pos]))
                {
                    pos++;
                }

                tokens.Add(new Token(TokenKind.Regex, text));
            }
            else if (s[pos] == 'q' && IsOpener(s, pos + 1))
            {
                pos += 1;
                tokens.Add(new Token(TokenKind.String, SingleQuoted(s, ref pos, s[pos], Closer(s[pos]))));
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '_' or '%' or '$')
            {
                var end = pos + 1;
                while (end < s.Length && (char.IsAsciiLetterOrDigit(s[end]) || s[end] == '_'))
                {
                    end++;
                }

                tokens.Add(new Token(TokenKind.Word, s[pos..end]));
                pos = end;
            }
            else if (Starts(s, pos, "=>"))
            {
                tokens.Add(new Token(TokenKind.Punct, "=>"));
                pos += 2;
            }
            else
            {
                depth += c is '(' or '{' or '[' ? 1 : c is ')' or '}' or ']' ? -1 : 0;
                tokens.Add(new Token(TokenKind.Punct, c.ToString()));
                pos++;
            }
        }

        return tokens;
    }

    private static bool Starts(string s, int pos, string word) =>
        string.CompareOrdinal(s, pos, word, 0, word.Length) == 0 && (pos == 0 || !char.IsAsciiLetterOrDigit(s[pos - 1]) && s[pos - 1] != '_');

    private static bool IsOpener(string s, int pos) => pos < s.Length && s[pos] is '(' or '{' or '/' or '[';

    private static char Closer(char open) => open switch
    {
        '(' => ')',
        '{' => '}',
        '[' => ']',
        _ => open,
    };

    /// <summary>'…' and q(…): only \\ and an escaped delimiter are escapes; bracket delimiters nest.</summary>
    private static string SingleQuoted(string s, ref int pos, char open, char close, bool keepEscapes = false) =>
        Delimited(s, ref pos, open, close, (at) =>
            at + 1 < s.Length && (s[at + 1] == '\\' || s[at + 1] == close || s[at + 1] == open)
                ? (keepEscapes ? "\\" : string.Empty) + s[at + 1]
                : null);

    /// <summary>"…" and qq{…}: backslash escapes (\n, \t, \\, \", …); no create_sql interpolates a variable (the parser test checks).</summary>
    private static string DoubleQuoted(string s, ref int pos, char open, char close) =>
        Delimited(s, ref pos, open, close, (at) => s[at + 1] switch
        {
            'n' => "\n",
            't' => "\t",
            'r' => "\r",
            var e => e.ToString(),
        });

    /// <summary>
    /// The text between <paramref name="open"/> (at <paramref name="pos"/>) and its matching <paramref name="close"/>,
    /// bracket delimiters nesting; <paramref name="escape"/> turns the backslash at an index into the text it stands
    /// for (two characters consumed), or returns null when that backslash is an ordinary character.
    /// </summary>
    private static string Delimited(string s, ref int pos, char open, char close, Func<int, string?> escape)
    {
        var sb = new StringBuilder();
        var nest = 0;
        pos++;
        while (true)
        {
            var c = s[pos];
            if (c == '\\' && escape(pos) is { } escaped)
            {
                sb.Append(escaped);
                pos += 2;
                continue;
            }

            if (c == open && open != close)
            {
                nest++;
            }
            else if (c == close)
            {
                if (nest == 0)
                {
                    pos++;
                    return sb.ToString();
                }

                nest--;
            }

            sb.Append(c);
            pos++;
        }
    }
}
