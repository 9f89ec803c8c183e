using System.Buffers;
using System.Runtime.CompilerServices;
using PgSnap.Archive;

namespace PgSnap.Sql;

/// <summary>
/// Lexes statement text the way psql does and cuts it at top-level semicolons: <c>--</c> and nested
/// <c>/* */</c> comments, <c>'…'</c> strings with doubled quotes, <c>E'…'</c> strings with backslash escapes (and
/// plain strings too while <c>standard_conforming_strings</c> is off), quoted identifiers and <c>$tag$…$tag$</c>
/// dollar quotes. A backslash outside quotes starts a meta-command line; a structural comment line between
/// statements (see <see cref="IsMarker"/>) is handed out as a marker. Bytes are copied into the statement text
/// in runs, not one at a time; quoted and commented text is skipped with a vectorised search.
/// </summary>
internal sealed class StatementLexer
{
    private const int MaxTagLength = 128;

    private static readonly SearchValues<byte> s_newline = SearchValues.Create("\n"u8);
    private static readonly SearchValues<byte> s_blockComment = SearchValues.Create("*/"u8);
    private static readonly SearchValues<byte> s_string = SearchValues.Create("'"u8);
    private static readonly SearchValues<byte> s_escapeString = SearchValues.Create("'\\"u8);
    private static readonly SearchValues<byte> s_quotedIdentifier = SearchValues.Create("\""u8);
    private static readonly SearchValues<byte> s_dollar = SearchValues.Create("$"u8);

    private readonly InputWindow _window;
    private readonly StatementText _text;
    private readonly StatementShape _shape = new();
    private readonly string _source;

    private LexState _state = LexState.Normal;
    private long _stateStartLine;
    private int _commentDepth;
    private readonly byte[] _tag = new byte[MaxTagLength];
    private int _tagLength;
    /// <summary>Where a candidate marker line starts in the statement text (-1: none).</summary>
    private int _markerStart = -1;
    /// <summary>Length to cut the text back to at the next read (after handing out a meta-command or marker).</summary>
    private int _truncateTo = -1;
    private bool _resetPending;
    private bool _hasContent;
    private long _startLine;

    // The identifier-character run in progress (a word when it starts with a letter or underscore).
    private bool _inRun;
    private bool _runIsWord;
    private int _wordLength;
    private readonly byte[] _word = new byte[StatementShape.WordCapacity];

    public StatementLexer(InputWindow window, StatementText text, string source)
    {
        _window = window;
        _text = text;
        _source = source;
    }

    public ReadOnlyMemory<byte> Current { get; private set; }

    public long Line { get; private set; }

    public bool IsCopyFromStdin => _shape.IsCopyFromStdin;

    public ReadOnlySpan<byte> FirstWord => _shape.FirstWord;

    public bool StandardConformingStrings { get; set; } = true;

    /// <summary>Drops what the previous item left in the statement text.</summary>
    public void BeginRead()
    {
        if (_truncateTo >= 0)
        {
            _text.Length = _truncateTo;
            _truncateTo = -1;
        }

        if (_resetPending)
        {
            _resetPending = false;
            _hasContent = false;
            _text.Length = 0;
            _inRun = false;
            _shape.Reset();
        }
    }

    /// <summary>Lexes from the window; returns an item when one is complete, null when it needs more input.</summary>
    /// <remarks>
    /// Each state has its own step below. A step returns true when <see cref="Scan"/> must return its
    /// <c>item</c> (a complete item, or null for "needs more input"); false to go on from the state it left.
    /// </remarks>
    public SqlItemKind? Scan()
    {
        var end = _window.Length;
        var i = _window.Pos;
        var run = _window.Pos;
        while (i < end)
        {
            SqlItemKind? item;
            var stop = _state switch
            {
                LexState.Normal => ScanNormal(ref i, ref run, end, out item),
                LexState.LineComment => ScanLineComment(ref i, ref run, end, out item),
                LexState.BlockComment => ScanBlockComment(ref i, ref run, end, out item),
                LexState.DollarQuote => ScanDollarQuote(ref i, run, end, out item),
                _ => ScanQuoted(ref i, run, end, out item),
            };
            if (stop)
            {
                return item;
            }
        }

        Append(run, end);
        _window.Pos = end;
        return null;
    }

    /// <summary>
    /// Text outside quotes and comments, byte by byte while the state stays Normal: words (for the statement's
    /// shape), parentheses, and the bytes that open a quote or comment, end a statement (a top-level ';') or start a
    /// meta-command (a '\').
    /// </summary>
    /// <remarks>
    /// long-method: this is the per-byte loop of every statement a restore, verify or list reads. It is one switch
    /// over the byte so that the common bytes (identifier characters, blanks, line breaks) cost a compare and an
    /// increment with <c>i</c> and <c>run</c> in registers; moving the punctuation cases out would add a call with
    /// two ref arguments to every such byte. The rarer work (comment openers, meta-commands) is already in methods.
    /// </remarks>
    private bool ScanNormal(ref int i, ref int run, int end, out SqlItemKind? item)
    {
        var w = _window;
        var buffer = w.Buffer;
        while (i < end && _state == LexState.Normal)
        {
            var b = buffer[i];
            if (b == (byte)'$' && !_inRun)
            {
                var opened = TryOpenDollarQuote(i, end);
                if (opened < 0)
                {
                    item = NeedMore(run, i);
                    return true;
                }

                StartContent(ref run, i);
                if (opened > 0)
                {
                    Enter(LexState.DollarQuote);
                    i += opened;
                    continue;
                }

                // "$1" and friends: a parameter symbol, lexed as an identifier-character run.
            }

            if (IsIdentifierByte(b))
            {
                ExtendRun(b);
                StartContent(ref run, i);
                i++;
                continue;
            }

            var eStringPrefix = _inRun && _runIsWord && _wordLength == 1 && _word[0] == (byte)'e';
            EndRun();
            switch (b)
            {
                case (byte)'\n':
                    w.Line++;
                    i++;
                    continue;
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\f' or (byte)'\v':
                    i++;
                    continue;
                case (byte)'-' or (byte)'/':
                    {
                        var opener = TryOpenComment(b, i, ref run, end);
                        if (opener == CommentOpener.NeedMore)
                        {
                            item = NeedMore(run, i);
                            return true;
                        }

                        if (opener == CommentOpener.Opened)
                        {
                            i += 2;
                            continue;
                        }

                        break;
                    }

                case (byte)'\'':
                    StartContent(ref run, i);
                    Enter(eStringPrefix || !StandardConformingStrings ? LexState.EscapeString : LexState.String);
                    i++;
                    continue;
                case (byte)'"':
                    StartContent(ref run, i);
                    Enter(LexState.QuotedIdentifier);
                    i++;
                    continue;
                case (byte)'(':
                    _shape.ParenDepth++;
                    break;
                case (byte)')':
                    if (_shape.ParenDepth > 0)
                    {
                        _shape.ParenDepth--;
                    }

                    break;
                case (byte)';':
                    if (_shape.AtTopLevel)
                    {
                        i++;
                        if (!_hasContent)
                        {
                            // An empty statement: nothing to send.
                            run = i;
                            _text.Length = 0;
                            continue;
                        }

                        Append(run, i);
                        w.Pos = i;
                        item = EmitStatement();
                        return true;
                    }

                    break;
                case (byte)'\\':
                    item = ScanMetaCommand(run, i, end);
                    return true;
            }

            StartContent(ref run, i);
            i++;
        }

        item = null;
        return false;
    }

    /// <summary>
    /// At a '-' or '/' in Normal text: whether it opens a <c>--</c> or <c>/*</c> comment (entering that state). A
    /// <c>--</c> at the start of a line between statements may be a marker, so its start in the text is noted.
    /// </summary>
    private CommentOpener TryOpenComment(byte b, int i, ref int run, int end)
    {
        var w = _window;
        if (i + 1 >= end && !w.Eof)
        {
            return CommentOpener.NeedMore;
        }

        var second = b == (byte)'-' ? (byte)'-' : (byte)'*';
        if (i + 1 >= end || w.Buffer[i + 1] != second)
        {
            return CommentOpener.None;
        }

        if (b == (byte)'-')
        {
            if (!_hasContent && w.PreviousByte(i) == (byte)'\n')
            {
                Append(run, i);
                run = i;
                _markerStart = _text.Length;
            }

            _state = LexState.LineComment;
        }
        else
        {
            Enter(LexState.BlockComment);
            _commentDepth = 1;
        }

        return CommentOpener.Opened;
    }

    /// <summary>Adds an identifier byte to the run in progress (starting one, and a word when it starts like one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ExtendRun(byte b)
    {
        if (!_inRun)
        {
            _inRun = true;
            _runIsWord = !IsDigit(b) && b != (byte)'$';
            _wordLength = 0;
        }

        if (_runIsWord)
        {
            if (_wordLength < _word.Length)
            {
                _word[_wordLength] = ToLowerAscii(b);
            }

            _wordLength++;
        }
    }

    /// <summary>A <c>--</c> comment: up to its line break (which Normal then counts); a marker line is handed out.</summary>
    private bool ScanLineComment(ref int i, ref int run, int end, out SqlItemKind? item)
    {
        item = null;
        var w = _window;
        if (w.SeekDelimiter(ref i, end, s_newline, lookahead: 0) != Seek.Found)
        {
            return false;
        }

        _state = LexState.Normal;
        if (_markerStart >= 0)
        {
            Append(run, i);
            run = i;
            if (TakeMarker())
            {
                w.Pos = i + 1;
                w.Line++;
                item = SqlItemKind.Marker;
                return true;
            }
        }

        if (!_hasContent)
        {
            _text.Length = 0;
            run = i;
        }

        return false;
    }

    /// <summary>A <c>/* */</c> comment, which nests: to the next opener or closer.</summary>
    private bool ScanBlockComment(ref int i, ref int run, int end, out SqlItemKind? item)
    {
        item = null;
        var w = _window;
        var buffer = w.Buffer;
        var seek = w.SeekDelimiter(ref i, end, s_blockComment, lookahead: 1);
        if (seek == Seek.NeedMore)
        {
            item = NeedMore(run, i);
            return true;
        }

        if (seek == Seek.Exhausted)
        {
            return false;
        }

        var next = i + 1 < end ? buffer[i + 1] : (byte)0;
        if (buffer[i] == (byte)'*' && next == (byte)'/')
        {
            i += 2;
            if (--_commentDepth == 0)
            {
                _state = LexState.Normal;
                if (!_hasContent)
                {
                    _text.Length = 0;
                    run = i;
                }
            }
        }
        else if (buffer[i] == (byte)'/' && next == (byte)'*')
        {
            i += 2;
            _commentDepth++;
        }
        else
        {
            i++;
        }

        return false;
    }

    /// <summary>
    /// A quoted string (plain or with backslash escapes) or quoted identifier: to the next quote, which closes it
    /// unless doubled; in an escape string a backslash takes the next byte with it.
    /// </summary>
    private bool ScanQuoted(ref int i, int run, int end, out SqlItemKind? item)
    {
        item = null;
        var w = _window;
        var buffer = w.Buffer;
        var (quote, delimiters) = _state switch
        {
            LexState.QuotedIdentifier => ((byte)'"', s_quotedIdentifier),
            LexState.EscapeString => ((byte)'\'', s_escapeString),
            _ => ((byte)'\'', s_string),
        };
        var seek = w.SeekDelimiter(ref i, end, delimiters, lookahead: 1);
        if (seek == Seek.NeedMore)
        {
            item = NeedMore(run, i);
            return true;
        }

        if (seek == Seek.Exhausted)
        {
            return false;
        }

        if (buffer[i] == (byte)'\\')
        {
            // The escaped byte may itself be a line break.
            if (i + 1 < end && buffer[i + 1] == (byte)'\n')
            {
                w.Line++;
            }

            i += 2;
            return false;
        }

        if (i + 1 < end && buffer[i + 1] == quote)
        {
            i += 2;
            return false;
        }

        _state = LexState.Normal;
        i++;
        return false;
    }

    /// <summary>A <c>$tag$</c> string: to a closing <c>$tag$</c>, which must be read whole before it can be compared.</summary>
    private bool ScanDollarQuote(ref int i, int run, int end, out SqlItemKind? item)
    {
        item = null;
        var buffer = _window.Buffer;
        var seek = _window.SeekDelimiter(ref i, end, s_dollar, lookahead: _tagLength + 1);
        if (seek == Seek.NeedMore)
        {
            item = NeedMore(run, i);
            return true;
        }

        if (seek == Seek.Exhausted)
        {
            return false;
        }

        var closeLength = _tagLength + 2;
        if (i + closeLength <= end
            && buffer[i + closeLength - 1] == (byte)'$'
            && buffer.AsSpan(i + 1, _tagLength).SequenceEqual(_tag.AsSpan(0, _tagLength)))
        {
            _state = LexState.Normal;
            i += closeLength;
        }
        else
        {
            i++;
        }

        return false;
    }

    /// <summary>At end of input: the last marker or statement (which may lack its semicolon), or End.</summary>
    public SqlItemKind Finish()
    {
        switch (_state)
        {
            case LexState.LineComment:
                _state = LexState.Normal;
                if (_markerStart >= 0 && TakeMarker())
                {
                    return SqlItemKind.Marker;
                }

                break;
            case LexState.Normal:
                break;
            default:
                throw new PgSnapException(PgSnapErrorKind.Corrupt,
                    $"{_source}:{_window.Line}: input ends inside {Describe(_state)} that starts on line {_stateStartLine}: the file is truncated");
        }

        EndRun();
        if (_hasContent)
        {
            // The last statement may lack its semicolon; psql sends it all the same.
            _shape.ForgetCopy();
            return EmitStatement();
        }

        Current = ReadOnlyMemory<byte>.Empty;
        return SqlItemKind.End;
    }

    private void Enter(LexState state)
    {
        _stateStartLine = _window.Line;
        _state = state;
    }

    /// <summary>Hands out the comment line at <see cref="_markerStart"/> when it is a structural marker.</summary>
    private bool TakeMarker()
    {
        var markerStart = _markerStart;
        _markerStart = -1;
        if (!IsMarker(_text.Slice(markerStart)))
        {
            return false;
        }

        Current = _text.Line(markerStart);
        Line = _window.Line;
        _truncateTo = 0;
        return true;
    }

    /// <summary>
    /// At a '$' outside an identifier: returns the length of a dollar-quote opener (<c>$tag$</c>) starting at
    /// <paramref name="i"/>, 0 when it is not one, -1 when more input is needed to tell.
    /// </summary>
    private int TryOpenDollarQuote(int i, int end)
    {
        var buffer = _window.Buffer;
        var j = i + 1;
        if (j < end && IsDigit(buffer[j]))
        {
            return 0;
        }

        while (j < end && j - i - 1 <= MaxTagLength)
        {
            var c = buffer[j];
            if (c == (byte)'$')
            {
                _tagLength = j - i - 1;
                buffer.AsSpan(i + 1, _tagLength).CopyTo(_tag);
                return j - i + 1;
            }

            if (!IsIdentifierByte(c))
            {
                return 0;
            }

            j++;
        }

        return j < end || _window.Eof ? 0 : -1;
    }

    private SqlItemKind? ScanMetaCommand(int run, int i, int end)
    {
        var w = _window;
        var nl = w.Buffer.AsSpan(i, end - i).IndexOf((byte)'\n');
        if (nl < 0 && !w.Eof)
        {
            return NeedMore(run, i);
        }

        Append(run, i);
        var lineEnd = nl < 0 ? end : i + nl;
        var metaStart = _text.Length;
        _text.Append(w.Buffer.AsSpan(i, lineEnd - i));
        Current = _text.Line(metaStart);
        Line = w.Line;
        _truncateTo = metaStart;
        if (nl >= 0)
        {
            w.Pos = lineEnd + 1;
            w.Line++;
        }
        else
        {
            w.Pos = end;
        }

        return SqlItemKind.MetaCommand;
    }

    private SqlItemKind EmitStatement()
    {
        Current = _text.All;
        Line = _startLine;
        _resetPending = true;
        return SqlItemKind.Statement;
    }

    /// <summary>Ends the identifier-character run in progress, passing a word on to the shape.</summary>
    private void EndRun()
    {
        if (_inRun)
        {
            _inRun = false;
            if (_runIsWord)
            {
                var exact = _wordLength <= _word.Length;
                _shape.OnWord(_word.AsSpan(0, Math.Min(_wordLength, _word.Length)), exact);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StartContent(ref int run, int i)
    {
        if (!_hasContent)
        {
            _hasContent = true;
            _startLine = _window.Line;
            _text.Length = 0;
            run = i;
        }
    }

    private SqlItemKind? NeedMore(int run, int i)
    {
        Append(run, i);
        _window.Pos = i;
        return null;
    }

    private void Append(int from, int to)
    {
        if (to > from)
        {
            _text.Append(_window.Buffer.AsSpan(from, to - from));
        }
    }

    private static bool IsMarker(ReadOnlySpan<byte> line) =>
        line.StartsWith(ArchiveFormat.LineStartUtf8) || line.StartsWith("-- Name: "u8) || line.StartsWith("-- Data for Name: "u8) || line.StartsWith("-- PostgreSQL database "u8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsIdentifierByte(byte b) =>
        (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b == (byte)'_' || b == (byte)'$' || b >= 0x80;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static byte ToLowerAscii(byte b) => (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b | 0x20) : b;

    private static string Describe(LexState state) => state switch
    {
        LexState.BlockComment => "a /* comment */",
        LexState.String or LexState.EscapeString => "a quoted string",
        LexState.QuotedIdentifier => "a quoted identifier",
        LexState.DollarQuote => "a dollar-quoted string",
        _ => "a statement",
    };

    private enum CommentOpener
    {
        /// <summary>Not a comment: the byte is an operator character.</summary>
        None,
        Opened,
        /// <summary>The next byte is not in the window yet.</summary>
        NeedMore,
    }

    private enum LexState
    {
        Normal,
        LineComment,
        BlockComment,
        String,
        EscapeString,
        QuotedIdentifier,
        DollarQuote,
    }
}
