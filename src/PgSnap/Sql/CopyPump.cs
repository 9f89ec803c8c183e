namespace PgSnap.Sql;

/// <summary>
/// The rows after <c>COPY … FROM stdin;</c>: hands them out as buffer-sized chunks of whole lines, straight from
/// the read buffer (never parsed per row, never copied), up to the line that is exactly <c>\.</c>.
/// </summary>
internal sealed class CopyPump
{
    private readonly InputWindow _window;
    private readonly string _source;
    /// <summary>Still on the COPY statement's own line (only blanks may follow it there).</summary>
    private bool _onStatementLine;
    private bool _atLineStart;
    private long _rows;

    public CopyPump(InputWindow window, string source)
    {
        _window = window;
        _source = source;
    }

    /// <summary>Between a COPY statement and its <c>\.</c> line.</summary>
    public bool Active { get; private set; }

    /// <summary>Line where the rows start (for "truncated" errors).</summary>
    public long StartLine { get; private set; }

    /// <summary>The chunk handed out last.</summary>
    public ReadOnlyMemory<byte> Current { get; private set; }

    /// <summary>Line where <see cref="Current"/> starts.</summary>
    public long Line { get; private set; }

    /// <summary>Rows of the COPY that just ended.</summary>
    public long Rows { get; private set; }

    /// <summary>Called when the lexer handed out a COPY … FROM stdin statement.</summary>
    public void Start()
    {
        Active = true;
        _onStatementLine = true;
        StartLine = _window.Line;
    }

    /// <summary>Returns <see cref="SqlItemKind.CopyData"/> or <see cref="SqlItemKind.CopyEnd"/>, or null when it needs more input.</summary>
    public SqlItemKind? Scan()
    {
        if (_onStatementLine && !SkipRestOfStatementLine())
        {
            return null;
        }

        var w = _window;
        var span = w.Buffer.AsSpan(w.Pos, w.Length - w.Pos);
        if (_atLineStart)
        {
            var atStart = MatchTerminator(span, 0, out var terminatorLength);
            if (atStart == Match.NeedMore)
            {
                return null;
            }

            if (atStart == Match.Yes)
            {
                return End(span, terminatorLength);
            }
        }

        if (span.IsEmpty)
        {
            return null;
        }

        var forward = ForwardLength(span);
        if (forward < 0)
        {
            return null;
        }

        var chunk = span[..forward];
        var rows = chunk.Count((byte)'\n');
        _rows += rows;
        Line = w.Line;
        w.Line += rows;
        _atLineStart = chunk[^1] == (byte)'\n';
        Current = w.Buffer.AsMemory(w.Pos, forward);
        w.Pos += forward;
        return SqlItemKind.CopyData;
    }

    /// <summary>The end marker at the start of <paramref name="span"/>: consumes it and ends the COPY.</summary>
    private SqlItemKind End(ReadOnlySpan<byte> span, int terminatorLength)
    {
        var w = _window;
        var endsLine = span[terminatorLength - 1] == (byte)'\n';
        w.Pos += terminatorLength;
        Current = ReadOnlyMemory<byte>.Empty;
        Line = w.Line;
        Rows = _rows;
        if (endsLine)
        {
            w.Line++;
        }

        Active = false;
        return SqlItemKind.CopyEnd;
    }

    /// <summary>
    /// How many bytes of <paramref name="span"/> can go out as rows now: up to the line before an end marker, else
    /// up to the last complete line (or the whole span for a row longer than half a buffer); -1 to wait for more.
    /// </summary>
    private int ForwardLength(ReadOnlySpan<byte> span)
    {
        var from = 0;
        while (true)
        {
            var k = span[from..].IndexOf("\n\\."u8);
            if (k < 0)
            {
                break;
            }

            k += from;
            if (MatchTerminator(span, k + 1, out _) != Match.No)
            {
                return k + 1;
            }

            from = k + 1;
        }

        var lastNewline = span.LastIndexOf((byte)'\n');
        if (lastNewline >= 0)
        {
            return lastNewline + 1;
        }

        // A row longer than half a buffer: pass it on in pieces rather than buffering it whole.
        return span.Length >= _window.Buffer.Length / 2 || _window.Eof ? span.Length : -1;
    }

    /// <summary>Between <c>COPY … FROM stdin;</c> and the end of its line only blanks may appear.</summary>
    private bool SkipRestOfStatementLine()
    {
        var w = _window;
        var span = w.Buffer.AsSpan(w.Pos, w.Length - w.Pos);
        var nl = span.IndexOf((byte)'\n');
        var rest = nl < 0 ? span : span[..nl];
        if (rest.IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)'\r') >= 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Corrupt, $"{_source}:{w.Line}: text after 'COPY … FROM stdin;' on the same line is not supported");
        }

        if (nl < 0)
        {
            w.Pos = w.Length;
            return false;
        }

        w.Pos += nl + 1;
        w.Line++;
        _onStatementLine = false;
        _atLineStart = true;
        _rows = 0;
        StartLine = w.Line;
        return true;
    }

    private Match MatchTerminator(ReadOnlySpan<byte> span, int at, out int length)
    {
        var eof = _window.Eof;
        length = 0;
        var rest = span[at..];
        if (rest.Length < 2)
        {
            var prefix = rest.Length == 0 || rest[0] == (byte)'\\';
            return prefix && !eof ? Match.NeedMore : Match.No;
        }

        if (rest[0] != (byte)'\\' || rest[1] != (byte)'.')
        {
            return Match.No;
        }

        if (rest.Length == 2)
        {
            length = 2;
            return eof ? Match.Yes : Match.NeedMore;
        }

        switch (rest[2])
        {
            case (byte)'\n':
                length = 3;
                return Match.Yes;
            case (byte)'\r' when rest.Length == 3:
                length = 3;
                return eof ? Match.Yes : Match.NeedMore;
            case (byte)'\r' when rest[3] == (byte)'\n':
                length = 4;
                return Match.Yes;
            default:
                return Match.No;
        }
    }

    private enum Match
    {
        No,
        Yes,
        NeedMore,
    }
}
