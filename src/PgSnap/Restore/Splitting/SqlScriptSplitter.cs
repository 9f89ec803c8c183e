using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace PgSnap.Restore.Splitting;

/// <summary>
/// Splits a stream of UTF-8 SQL text into statements the way psql does, without ever holding more than one
/// statement (or one buffer of COPY rows) in memory.
/// </summary>
/// <remarks>
/// <para>The lexer knows <c>--</c> and nested <c>/* */</c> comments, <c>'…'</c> strings with doubled quotes,
/// <c>E'…'</c> strings with backslash escapes (and plain strings too while <c>standard_conforming_strings</c> is
/// off), quoted identifiers, <c>$tag$…$tag$</c> dollar quotes, parentheses (a semicolon inside them does not end a
/// statement) and, as psql does, <c>BEGIN … END</c> bodies of <c>CREATE [OR REPLACE] FUNCTION|PROCEDURE</c>.</para>
/// <para>After a <c>COPY … FROM STDIN</c> statement the following lines up to one that is exactly <c>\.</c> are
/// handed out as raw chunks of the read buffer, never parsed per row and never copied.</para>
/// <para>A backslash outside quotes starts a psql meta-command that runs to the end of the line; it is handed out
/// as such, and the caller decides whether it is allowed.</para>
/// </remarks>
public sealed class SqlScriptSplitter : IDisposable
{
    private const int MaxTagLength = 128;

    private readonly Stream _input;
    private readonly string _source;

    private byte[] _buffer;
    /// <summary>Next unprocessed byte in <see cref="_buffer"/>.</summary>
    private int _pos;
    /// <summary>End of the valid bytes in <see cref="_buffer"/>.</summary>
    private int _length;
    private bool _eof;
    private long _bytesRead;
    /// <summary>The input byte just before <c>_buffer[0]</c> (after compaction), for column-0 checks.</summary>
    private byte _byteBeforeBuffer = (byte)'\n';

    /// <summary>The statement being assembled (everything after its first significant byte).</summary>
    private byte[] _statement;
    private int _statementLength;
    /// <summary>Length to cut the statement back to at the next read (after handing out a meta-command or marker).</summary>
    private int _truncateTo = -1;
    private bool _resetPending;

    private Mode _mode = Mode.Statements;
    private LexState _state = LexState.Normal;
    private long _line = 1;
    private long _stateStartLine;
    private int _commentDepth;
    private readonly byte[] _tag = new byte[MaxTagLength];
    private int _tagLength;
    private int _markerStart = -1;

    // Per statement.
    private bool _hasContent;
    private long _startLine;
    private int _parenDepth;
    private int _beginDepth;
    private int _wordCount;
    private RoutineState _routine;
    private bool _previousWordIsFrom;
    private bool _copyFromStdin;

    // The identifier-character run in progress (a word when it starts with a letter or underscore).
    private bool _inRun;
    private bool _runIsWord;
    private int _wordLength;
    private readonly byte[] _word = new byte[16];
    private readonly byte[] _firstWord = new byte[16];
    private int _firstWordLength;

    // COPY rows.
    private bool _copyAtLineStart;
    private long _copyRows;
    private long _copyStartLine;

    /// <summary>Creates a splitter over <paramref name="input"/>; <paramref name="source"/> names it in errors.</summary>
    public SqlScriptSplitter(Stream input, string source, int bufferSize = 256 * 1024)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1024);
        _input = input;
        _source = source;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        _statement = ArrayPool<byte>.Shared.Rent(4096);
    }

    /// <summary>The bytes of the current item: statement text, COPY chunk, meta-command line or marker line. Valid until the next read.</summary>
    public ReadOnlyMemory<byte> Current { get; private set; }

    /// <summary>1-based line where the current item starts.</summary>
    public long Line { get; private set; }

    /// <summary>True when the current statement is <c>COPY … FROM STDIN</c>: rows follow as <see cref="SqlItemKind.CopyData"/>.</summary>
    public bool IsCopyFromStdin { get; private set; }

    /// <summary>The current statement's first keyword, lower-case ASCII (at most 16 bytes); empty when it starts otherwise.</summary>
    public ReadOnlySpan<byte> FirstWord => _firstWord.AsSpan(0, Math.Min(_firstWordLength, _firstWord.Length));

    /// <summary>Rows of the COPY that just ended (on <see cref="SqlItemKind.CopyEnd"/>).</summary>
    public long CopyRows { get; private set; }

    /// <summary>Whether plain <c>'…'</c> strings are standard (backslash is not an escape). On by default, as every dump sets it.</summary>
    public bool StandardConformingStrings { get; set; } = true;

    /// <summary>Uncompressed bytes consumed so far (for progress).</summary>
    public long BytesConsumed => _bytesRead - (_length - _pos);

    /// <summary>Name of the input in messages.</summary>
    public string Source => _source;

    /// <summary>Reads the next item.</summary>
    public async ValueTask<SqlItemKind> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_truncateTo >= 0)
        {
            _statementLength = _truncateTo;
            _truncateTo = -1;
        }

        if (_resetPending)
        {
            ResetStatement();
        }

        while (true)
        {
            var before = (_pos, _mode);
            var kind = _mode switch
            {
                Mode.Copy => ScanCopy(),
                Mode.AfterCopyStatement => SkipRestOfCopyLine(),
                _ => Scan(),
            };
            if (kind is { } found)
            {
                return found;
            }

            if (!_eof)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (_pos >= _length || before == (_pos, _mode))
            {
                // At end of input with nothing left that could make progress.
                return Finish();
            }
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            ArrayPool<byte>.Shared.Return(_statement);
            _buffer = [];
            _statement = [];
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_pos > 0)
        {
            _byteBeforeBuffer = _buffer[_pos - 1];
            _buffer.AsSpan(_pos, _length - _pos).CopyTo(_buffer);
            _length -= _pos;
            _pos = 0;
        }

        if (_length == _buffer.Length)
        {
            // Only a very long lookahead (a meta-command line) gets here: grow rather than fail.
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var n = await _input.ReadAsync(_buffer.AsMemory(_length), cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            _eof = true;
        }

        _length += n;
        _bytesRead += n;
    }

    /// <summary>Lexes statement text; returns an item when one is complete, null when it needs more input.</summary>
    private SqlItemKind? Scan()
    {
        var buffer = _buffer;
        var end = _length;
        var i = _pos;
        var run = _pos;
        while (i < end)
        {
            var b = buffer[i];
            switch (_state)
            {
                case LexState.Normal:
                    {
                        if (b == (byte)'$' && !_inRun)
                        {
                            var opened = TryOpenDollarQuote(i, end);
                            if (opened < 0)
                            {
                                return NeedMore(run, i);
                            }

                            StartContent(ref run, i);
                            if (opened > 0)
                            {
                                _stateStartLine = _line;
                                _state = LexState.DollarQuote;
                                i += opened;
                                continue;
                            }

                            // "$1" and friends: a parameter symbol, lexed as an identifier-character run.
                        }

                        if (IsIdentifierByte(b))
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

                            StartContent(ref run, i);
                            i++;
                            continue;
                        }

                        var eStringPrefix = false;
                        if (_inRun)
                        {
                            _inRun = false;
                            if (_runIsWord)
                            {
                                eStringPrefix = _wordLength == 1 && _word[0] == (byte)'e';
                                OnWord();
                            }
                        }

                        switch (b)
                        {
                            case (byte)'\n':
                                _line++;
                                i++;
                                continue;
                            case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\f' or (byte)'\v':
                                i++;
                                continue;
                            case (byte)'-' or (byte)'/':
                                {
                                    if (i + 1 >= end && !_eof)
                                    {
                                        return NeedMore(run, i);
                                    }

                                    var second = b == (byte)'-' ? (byte)'-' : (byte)'*';
                                    if (i + 1 < end && buffer[i + 1] == second)
                                    {
                                        if (b == (byte)'-')
                                        {
                                            if (!_hasContent && PreviousByte(i) == (byte)'\n')
                                            {
                                                Append(run, i);
                                                run = i;
                                                _markerStart = _statementLength;
                                            }

                                            _state = LexState.LineComment;
                                        }
                                        else
                                        {
                                            _stateStartLine = _line;
                                            _commentDepth = 1;
                                            _state = LexState.BlockComment;
                                        }

                                        i += 2;
                                        continue;
                                    }

                                    break;
                                }

                            case (byte)'\'':
                                StartContent(ref run, i);
                                _stateStartLine = _line;
                                _state = eStringPrefix || !StandardConformingStrings ? LexState.EscapeString : LexState.String;
                                i++;
                                continue;
                            case (byte)'"':
                                StartContent(ref run, i);
                                _stateStartLine = _line;
                                _state = LexState.QuotedIdentifier;
                                i++;
                                continue;
                            case (byte)'(':
                                _parenDepth++;
                                break;
                            case (byte)')':
                                if (_parenDepth > 0)
                                {
                                    _parenDepth--;
                                }

                                break;
                            case (byte)';':
                                if (_parenDepth == 0 && _beginDepth == 0)
                                {
                                    i++;
                                    if (!_hasContent)
                                    {
                                        // An empty statement: nothing to send.
                                        run = i;
                                        _statementLength = 0;
                                        continue;
                                    }

                                    Append(run, i);
                                    _pos = i;
                                    return EmitStatement();
                                }

                                break;
                            case (byte)'\\':
                                return ScanMetaCommand(run, i, end);
                        }

                        StartContent(ref run, i);
                        i++;
                        continue;
                    }

                case LexState.LineComment:
                    {
                        var nl = buffer.AsSpan(i, end - i).IndexOf((byte)'\n');
                        if (nl < 0)
                        {
                            i = end;
                            continue;
                        }

                        i += nl;
                        _state = LexState.Normal;
                        if (_markerStart >= 0)
                        {
                            Append(run, i);
                            run = i;
                            var markerStart = _markerStart;
                            _markerStart = -1;
                            if (IsMarker(_statement.AsSpan(markerStart, _statementLength - markerStart)))
                            {
                                Current = _statement.AsMemory(markerStart, TrimCr(_statementLength - markerStart, markerStart));
                                Line = _line;
                                _truncateTo = 0;
                                _pos = i + 1;
                                _line++;
                                return SqlItemKind.Marker;
                            }
                        }

                        if (!_hasContent)
                        {
                            _statementLength = 0;
                            run = i;
                        }

                        continue;
                    }

                case LexState.BlockComment:
                    {
                        var at = buffer.AsSpan(i, end - i).IndexOfAny((byte)'*', (byte)'/');
                        if (at < 0)
                        {
                            CountLines(i, end);
                            i = end;
                            continue;
                        }

                        CountLines(i, i + at);
                        i += at;
                        if (i + 1 >= end && !_eof)
                        {
                            return NeedMore(run, i);
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
                                    _statementLength = 0;
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

                        continue;
                    }

                case LexState.String or LexState.EscapeString or LexState.QuotedIdentifier:
                    {
                        var quote = _state == LexState.QuotedIdentifier ? (byte)'"' : (byte)'\'';
                        var span = buffer.AsSpan(i, end - i);
                        var at = _state == LexState.EscapeString ? span.IndexOfAny(quote, (byte)'\\') : span.IndexOf(quote);
                        if (at < 0)
                        {
                            CountLines(i, end);
                            i = end;
                            continue;
                        }

                        CountLines(i, i + at);
                        i += at;
                        if (i + 1 >= end && !_eof)
                        {
                            return NeedMore(run, i);
                        }

                        if (buffer[i] == (byte)'\\')
                        {
                            // The escaped byte may itself be a line break.
                            if (i + 1 < end && buffer[i + 1] == (byte)'\n')
                            {
                                _line++;
                            }

                            i += 2;
                            continue;
                        }

                        if (i + 1 < end && buffer[i + 1] == quote)
                        {
                            i += 2;
                            continue;
                        }

                        _state = LexState.Normal;
                        i++;
                        continue;
                    }

                case LexState.DollarQuote:
                    {
                        var at = buffer.AsSpan(i, end - i).IndexOf((byte)'$');
                        if (at < 0)
                        {
                            CountLines(i, end);
                            i = end;
                            continue;
                        }

                        CountLines(i, i + at);
                        i += at;
                        var closeLength = _tagLength + 2;
                        if (i + closeLength > end && !_eof)
                        {
                            return NeedMore(run, i);
                        }

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

                        continue;
                    }
            }
        }

        Append(run, end);
        _pos = end;
        return null;
    }

    /// <summary>
    /// At a '$' outside an identifier: returns the length of a dollar-quote opener (<c>$tag$</c>) starting at
    /// <paramref name="i"/>, 0 when it is not one, -1 when more input is needed to tell.
    /// </summary>
    private int TryOpenDollarQuote(int i, int end)
    {
        var buffer = _buffer;
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

        return j < end || _eof ? 0 : -1;
    }

    private SqlItemKind? ScanMetaCommand(int run, int i, int end)
    {
        var nl = _buffer.AsSpan(i, end - i).IndexOf((byte)'\n');
        if (nl < 0 && !_eof)
        {
            return NeedMore(run, i);
        }

        Append(run, i);
        var lineEnd = nl < 0 ? end : i + nl;
        var metaStart = _statementLength;
        AppendBytes(_buffer.AsSpan(i, lineEnd - i));
        Current = _statement.AsMemory(metaStart, TrimCr(_statementLength - metaStart, metaStart));
        Line = _line;
        _truncateTo = metaStart;
        if (nl >= 0)
        {
            _pos = lineEnd + 1;
            _line++;
        }
        else
        {
            _pos = end;
        }

        return SqlItemKind.MetaCommand;
    }

    private SqlItemKind EmitStatement()
    {
        Current = _statement.AsMemory(0, _statementLength);
        Line = _startLine;
        IsCopyFromStdin = _copyFromStdin;
        _resetPending = true;
        if (_copyFromStdin)
        {
            _mode = Mode.AfterCopyStatement;
            _copyStartLine = _line;
        }

        return SqlItemKind.Statement;
    }

    /// <summary>Between <c>COPY … FROM stdin;</c> and the end of its line only blanks may appear.</summary>
    private SqlItemKind? SkipRestOfCopyLine()
    {
        var span = _buffer.AsSpan(_pos, _length - _pos);
        var nl = span.IndexOf((byte)'\n');
        var rest = nl < 0 ? span : span[..nl];
        if (rest.IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)'\r') >= 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Corrupt, $"{_source}:{_line}: text after 'COPY … FROM stdin;' on the same line is not supported");
        }

        if (nl < 0)
        {
            _pos = _length;
            return null;
        }

        _pos += nl + 1;
        _line++;
        _mode = Mode.Copy;
        _copyAtLineStart = true;
        _copyRows = 0;
        _copyStartLine = _line;
        return null;
    }

    /// <summary>Hands out COPY rows in buffer-sized chunks of whole lines, up to the line that is exactly <c>\.</c>.</summary>
    private SqlItemKind? ScanCopy()
    {
        var span = _buffer.AsSpan(_pos, _length - _pos);
        if (_copyAtLineStart)
        {
            var atStart = MatchTerminator(span, 0, out var terminatorLength);
            if (atStart == Match.NeedMore)
            {
                return null;
            }

            if (atStart == Match.Yes)
            {
                var endsLine = span[terminatorLength - 1] == (byte)'\n';
                _pos += terminatorLength;
                Current = ReadOnlyMemory<byte>.Empty;
                Line = _line;
                CopyRows = _copyRows;
                if (endsLine)
                {
                    _line++;
                }

                _mode = Mode.Statements;
                return SqlItemKind.CopyEnd;
            }
        }

        if (span.IsEmpty)
        {
            return null;
        }

        var forward = -1;
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
                forward = k + 1;
                break;
            }

            from = k + 1;
        }

        if (forward < 0)
        {
            var lastNewline = span.LastIndexOf((byte)'\n');
            if (lastNewline >= 0)
            {
                forward = lastNewline + 1;
            }
            else if (span.Length >= _buffer.Length / 2 || _eof)
            {
                // A row longer than half a buffer: pass it on in pieces rather than buffering it whole.
                forward = span.Length;
            }
            else
            {
                return null;
            }
        }

        var chunk = span[..forward];
        var rows = chunk.Count((byte)'\n');
        _copyRows += rows;
        Line = _line;
        _line += rows;
        _copyAtLineStart = chunk[^1] == (byte)'\n';
        Current = _buffer.AsMemory(_pos, forward);
        _pos += forward;
        return SqlItemKind.CopyData;
    }

    private Match MatchTerminator(ReadOnlySpan<byte> span, int at, out int length)
    {
        length = 0;
        var rest = span[at..];
        if (rest.Length < 2)
        {
            var prefix = rest.Length == 0 || rest[0] == (byte)'\\';
            return prefix && !_eof ? Match.NeedMore : Match.No;
        }

        if (rest[0] != (byte)'\\' || rest[1] != (byte)'.')
        {
            return Match.No;
        }

        if (rest.Length == 2)
        {
            length = 2;
            return _eof ? Match.Yes : Match.NeedMore;
        }

        switch (rest[2])
        {
            case (byte)'\n':
                length = 3;
                return Match.Yes;
            case (byte)'\r' when rest.Length == 3:
                length = 3;
                return _eof ? Match.Yes : Match.NeedMore;
            case (byte)'\r' when rest[3] == (byte)'\n':
                length = 4;
                return Match.Yes;
            default:
                return Match.No;
        }
    }

    private SqlItemKind Finish()
    {
        switch (_mode)
        {
            case Mode.Copy or Mode.AfterCopyStatement:
                throw new PgSnapException(PgSnapErrorKind.Corrupt,
                    $"{_source}:{_line}: input ends inside COPY data that starts on line {_copyStartLine} (no '\\.' line): the file is truncated");
        }

        switch (_state)
        {
            case LexState.LineComment:
                _state = LexState.Normal;
                if (_markerStart >= 0)
                {
                    var markerStart = _markerStart;
                    _markerStart = -1;
                    if (IsMarker(_statement.AsSpan(markerStart, _statementLength - markerStart)))
                    {
                        Current = _statement.AsMemory(markerStart, TrimCr(_statementLength - markerStart, markerStart));
                        Line = _line;
                        _truncateTo = 0;
                        return SqlItemKind.Marker;
                    }
                }

                break;
            case LexState.Normal:
                break;
            default:
                throw new PgSnapException(PgSnapErrorKind.Corrupt,
                    $"{_source}:{_line}: input ends inside {Describe(_state)} that starts on line {_stateStartLine}: the file is truncated");
        }

        if (_inRun)
        {
            _inRun = false;
            if (_runIsWord)
            {
                OnWord();
            }
        }

        if (_hasContent)
        {
            // The last statement may lack its semicolon; psql sends it all the same.
            _copyFromStdin = false;
            return EmitStatement();
        }

        Current = ReadOnlyMemory<byte>.Empty;
        return SqlItemKind.End;
    }

    private void OnWord()
    {
        _wordCount++;
        var word = _word.AsSpan(0, Math.Min(_wordLength, _word.Length));
        var exact = _wordLength <= _word.Length;
        if (_wordCount == 1)
        {
            word.CopyTo(_firstWord);
            _firstWordLength = exact ? _wordLength : 0;
        }

        // psql's heuristic: CREATE [OR REPLACE] FUNCTION|PROCEDURE bodies written as BEGIN ATOMIC … END hold
        // semicolons; count BEGIN/CASE against END at parenthesis depth 0 so they do not end the statement.
        _routine = _routine switch
        {
            RoutineState.Start when word.SequenceEqual("create"u8) => RoutineState.Create,
            RoutineState.Create when word.SequenceEqual("or"u8) => RoutineState.CreateOr,
            RoutineState.CreateOr when word.SequenceEqual("replace"u8) => RoutineState.CreateOrReplace,
            RoutineState.Create or RoutineState.CreateOrReplace when word.SequenceEqual("function"u8) || word.SequenceEqual("procedure"u8) => RoutineState.Routine,
            RoutineState.Routine => RoutineState.Routine,
            _ => RoutineState.Other,
        };
        if (_routine == RoutineState.Routine && _parenDepth == 0 && exact)
        {
            if (word.SequenceEqual("begin"u8))
            {
                _beginDepth++;
            }
            else if (word.SequenceEqual("case"u8))
            {
                if (_beginDepth > 0)
                {
                    _beginDepth++;
                }
            }
            else if (word.SequenceEqual("end"u8) && _beginDepth > 0)
            {
                _beginDepth--;
            }
        }

        if (_firstWordLength == 4 && _firstWord.AsSpan(0, 4).SequenceEqual("copy"u8) && _parenDepth == 0)
        {
            if (_previousWordIsFrom && word.SequenceEqual("stdin"u8))
            {
                _copyFromStdin = true;
            }

            _previousWordIsFrom = word.SequenceEqual("from"u8);
        }
    }

    private void ResetStatement()
    {
        _resetPending = false;
        _hasContent = false;
        _statementLength = 0;
        _parenDepth = 0;
        _beginDepth = 0;
        _wordCount = 0;
        _routine = RoutineState.Start;
        _previousWordIsFrom = false;
        _copyFromStdin = false;
        _firstWordLength = 0;
        _inRun = false;
        IsCopyFromStdin = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StartContent(ref int run, int i)
    {
        if (!_hasContent)
        {
            _hasContent = true;
            _startLine = _line;
            _statementLength = 0;
            run = i;
        }
    }

    private SqlItemKind? NeedMore(int run, int i)
    {
        Append(run, i);
        _pos = i;
        return null;
    }

    private void Append(int from, int to)
    {
        if (to > from)
        {
            AppendBytes(_buffer.AsSpan(from, to - from));
        }
    }

    private void AppendBytes(ReadOnlySpan<byte> bytes)
    {
        if (_statementLength + bytes.Length > _statement.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_statement.Length * 2, _statementLength + bytes.Length));
            _statement.AsSpan(0, _statementLength).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_statement);
            _statement = bigger;
        }

        bytes.CopyTo(_statement.AsSpan(_statementLength));
        _statementLength += bytes.Length;
    }

    private void CountLines(int from, int to) => _line += _buffer.AsSpan(from, to - from).Count((byte)'\n');

    private byte PreviousByte(int i) => i > 0 ? _buffer[i - 1] : _byteBeforeBuffer;

    private int TrimCr(int length, int start) =>
        length > 0 && _statement[start + length - 1] == (byte)'\r' ? length - 1 : length;

    private static bool IsMarker(ReadOnlySpan<byte> line) =>
        line.StartsWith("-- pgsnap"u8) || line.StartsWith("-- Name: "u8) || line.StartsWith("-- PostgreSQL database "u8);

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

    private enum Mode
    {
        Statements,
        AfterCopyStatement,
        Copy,
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

    private enum RoutineState
    {
        Start,
        Create,
        CreateOr,
        CreateOrReplace,
        Routine,
        Other,
    }

    private enum Match
    {
        No,
        Yes,
        NeedMore,
    }
}
