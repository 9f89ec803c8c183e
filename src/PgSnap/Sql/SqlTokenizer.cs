namespace PgSnap.Sql;

/// <summary>
/// A small tokenizer over one complete statement (already split), enough to recognise the few statement shapes
/// the restore treats specially (owner, privileges, session settings). Comments are skipped; strings and dollar
/// quotes are single tokens.
/// </summary>
internal ref struct SqlTokenizer
{
    private readonly ReadOnlySpan<byte> _text;
    private int _pos;

    public SqlTokenizer(ReadOnlySpan<byte> text)
    {
        _text = text;
    }

    /// <summary>Parenthesis depth before the current token.</summary>
    public int Depth { get; private set; }

    public SqlTokenKind Kind { get; private set; }

    public ReadOnlySpan<byte> Token { get; private set; }

    public bool Next()
    {
        SkipBlanks();
        if (_pos >= _text.Length)
        {
            Kind = SqlTokenKind.End;
            Token = default;
            return false;
        }

        var start = _pos;
        var b = _text[_pos];
        if (b == (byte)'"')
        {
            _pos = SkipQuoted(_pos, (byte)'"', backslash: false);
            Kind = SqlTokenKind.QuotedIdentifier;
        }
        else if (b == (byte)'\'')
        {
            _pos = SkipQuoted(_pos, (byte)'\'', backslash: false);
            Kind = SqlTokenKind.String;
        }
        else if ((b | 0x20) == 'e' && _pos + 1 < _text.Length && _text[_pos + 1] == (byte)'\'')
        {
            _pos = SkipQuoted(_pos + 1, (byte)'\'', backslash: true);
            Kind = SqlTokenKind.String;
        }
        else if (b == (byte)'$' && TrySkipDollarQuote())
        {
            Kind = SqlTokenKind.String;
        }
        else if (IsWordByte(b))
        {
            while (_pos < _text.Length && IsWordByte(_text[_pos]))
            {
                _pos++;
            }

            Kind = SqlTokenKind.Word;
        }
        else
        {
            _pos++;
            Kind = SqlTokenKind.Symbol;
            if (b == (byte)')' && Depth > 0)
            {
                Depth--;
            }
        }

        Token = _text[start.._pos];
        if (Kind == SqlTokenKind.Symbol && b == (byte)'(')
        {
            // The '(' itself is reported at the outer depth.
            Depth++;
            return true;
        }

        return true;
    }

    /// <summary>True when the current token is the unquoted keyword <paramref name="lowerKeyword"/>.</summary>
    public readonly bool Is(ReadOnlySpan<byte> lowerKeyword)
    {
        if (Kind != SqlTokenKind.Word || Token.Length != lowerKeyword.Length)
        {
            return false;
        }

        for (var i = 0; i < Token.Length; i++)
        {
            var c = Token[i];
            if ((uint)(c - 'A') <= 'Z' - 'A')
            {
                c |= 0x20;
            }

            if (c != lowerKeyword[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The current token as a role or object name: unquoted words fold to lower case, quoted ones are unescaped.</summary>
    public readonly string? Name() => Kind switch
    {
        SqlTokenKind.Word => System.Text.Encoding.UTF8.GetString(Token).ToLowerInvariant(),
        SqlTokenKind.QuotedIdentifier => System.Text.Encoding.UTF8.GetString(Token[1..^1]).Replace("\"\"", "\"", StringComparison.Ordinal),
        _ => null,
    };

    private void SkipBlanks()
    {
        while (_pos < _text.Length)
        {
            var b = _text[_pos];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f' or (byte)'\v')
            {
                _pos++;
            }
            else if (b == (byte)'-' && _pos + 1 < _text.Length && _text[_pos + 1] == (byte)'-')
            {
                var nl = _text[_pos..].IndexOf((byte)'\n');
                _pos = nl < 0 ? _text.Length : _pos + nl + 1;
            }
            else if (b == (byte)'/' && _pos + 1 < _text.Length && _text[_pos + 1] == (byte)'*')
            {
                var depth = 1;
                _pos += 2;
                while (_pos < _text.Length && depth > 0)
                {
                    if (_text[_pos..].StartsWith("*/"u8))
                    {
                        depth--;
                        _pos += 2;
                    }
                    else if (_text[_pos..].StartsWith("/*"u8))
                    {
                        depth++;
                        _pos += 2;
                    }
                    else
                    {
                        _pos++;
                    }
                }
            }
            else
            {
                return;
            }
        }
    }

    private readonly int SkipQuoted(int at, byte quote, bool backslash)
    {
        var i = at + 1;
        while (i < _text.Length)
        {
            var c = _text[i];
            if (backslash && c == (byte)'\\')
            {
                i += 2;
                continue;
            }

            if (c == quote)
            {
                if (i + 1 < _text.Length && _text[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return _text.Length;
    }

    private bool TrySkipDollarQuote()
    {
        var close = _text[(_pos + 1)..].IndexOf((byte)'$');
        if (close < 0)
        {
            return false;
        }

        var tag = _text.Slice(_pos, close + 2);
        foreach (var c in tag[1..^1])
        {
            if (!IsWordByte(c) || c == (byte)'$')
            {
                return false;
            }
        }

        var body = _text[(_pos + tag.Length)..];
        var end = body.IndexOf(tag);
        _pos = end < 0 ? _text.Length : _pos + tag.Length + end + tag.Length;
        return true;
    }

    private static bool IsWordByte(byte b) =>
        (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b == (byte)'_' || b == (byte)'$' || b >= 0x80;
}

internal enum SqlTokenKind
{
    End,
    Word,
    QuotedIdentifier,
    String,
    Symbol,
}
