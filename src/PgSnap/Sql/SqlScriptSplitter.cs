namespace PgSnap.Sql;

/// <summary>
/// Splits a stream of UTF-8 SQL text into statements the way psql does, without ever holding more than one
/// statement (or one buffer of COPY rows) in memory.
/// </summary>
/// <remarks>
/// <para>Three parts share one read buffer (<see cref="InputWindow"/>): the <see cref="StatementLexer"/> cuts
/// statements, meta-command lines and marker lines; after a <c>COPY … FROM STDIN</c> statement the
/// <see cref="CopyPump"/> hands the following lines up to one that is exactly <c>\.</c> out as raw chunks of the
/// buffer, never parsed per row and never copied.</para>
/// <para>A backslash outside quotes starts a psql meta-command that runs to the end of the line; it is handed out
/// as such, and the caller decides whether it is allowed.</para>
/// </remarks>
public sealed class SqlScriptSplitter : IDisposable
{
    private readonly InputWindow _window;
    private readonly StatementText _text = new();
    private readonly StatementLexer _lexer;
    private readonly CopyPump _pump;

    /// <summary>Creates a splitter over <paramref name="input"/>; <paramref name="source"/> names it in errors.</summary>
    public SqlScriptSplitter(Stream input, string source, int bufferSize = 256 * 1024)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1024);
        Source = source;
        _window = new InputWindow(input, bufferSize);
        _lexer = new StatementLexer(_window, _text, source);
        _pump = new CopyPump(_window, source);
    }

    /// <summary>The bytes of the current item: statement text, COPY chunk, meta-command line or marker line. Valid until the next read.</summary>
    public ReadOnlyMemory<byte> Current { get; private set; }

    /// <summary>1-based line where the current item starts.</summary>
    public long Line { get; private set; }

    /// <summary>True when the current statement is <c>COPY … FROM STDIN</c>: rows follow as <see cref="SqlItemKind.CopyData"/>.</summary>
    public bool IsCopyFromStdin { get; private set; }

    /// <summary>The current statement's first keyword, lower-case ASCII (at most 16 bytes); empty when it starts otherwise.</summary>
    public ReadOnlySpan<byte> FirstWord => _lexer.FirstWord;

    /// <summary>Rows of the COPY that just ended (on <see cref="SqlItemKind.CopyEnd"/>).</summary>
    public long CopyRows { get; private set; }

    /// <summary>Whether plain <c>'…'</c> strings are standard (backslash is not an escape). On by default, as every dump sets it.</summary>
    public bool StandardConformingStrings
    {
        get => _lexer.StandardConformingStrings;
        set => _lexer.StandardConformingStrings = value;
    }

    /// <summary>Uncompressed bytes consumed so far (for progress).</summary>
    public long BytesConsumed => _window.BytesConsumed;

    /// <summary>Name of the input in messages.</summary>
    public string Source { get; }

    /// <summary>Reads the next item.</summary>
    public async ValueTask<SqlItemKind> ReadAsync(CancellationToken cancellationToken = default)
    {
        _lexer.BeginRead();
        IsCopyFromStdin = false;
        while (true)
        {
            var before = (_window.Pos, _pump.Active);
            if ((_pump.Active ? ScanCopy() : ScanStatements()) is { } found)
            {
                return found;
            }

            if (!_window.Eof)
            {
                await _window.FillAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (_window.Pos >= _window.Length || before == (_window.Pos, _pump.Active))
            {
                // At end of input with nothing left that could make progress.
                return Finish();
            }
        }
    }

    public void Dispose()
    {
        _window.Dispose();
        _text.Dispose();
    }

    private SqlItemKind? ScanStatements()
    {
        var kind = _lexer.Scan();
        if (kind is { } found)
        {
            Publish(found);
        }

        return kind;
    }

    private SqlItemKind? ScanCopy()
    {
        var kind = _pump.Scan();
        if (kind is not null)
        {
            Current = _pump.Current;
            Line = _pump.Line;
            CopyRows = _pump.Rows;
        }

        return kind;
    }

    private SqlItemKind Finish()
    {
        if (_pump.Active)
        {
            throw new PgSnapException(PgSnapErrorKind.Corrupt,
                $"{Source}:{_window.Line}: input ends inside COPY data that starts on line {_pump.StartLine} (no '\\.' line): the file is truncated");
        }

        var kind = _lexer.Finish();
        Publish(kind);
        return kind;
    }

    private void Publish(SqlItemKind kind)
    {
        Current = _lexer.Current;
        Line = _lexer.Line;
        if (kind == SqlItemKind.Statement && _lexer.IsCopyFromStdin)
        {
            IsCopyFromStdin = true;
            _pump.Start();
        }
    }
}
