namespace PgSnap.Sql;

/// <summary>
/// What the words of the current statement say about where it ends: parenthesis depth, psql's BEGIN … END
/// count for <c>CREATE [OR REPLACE] FUNCTION|PROCEDURE</c> bodies, and whether it is <c>COPY … FROM STDIN</c>
/// (rows follow). Also keeps the first keyword for the executor's classifier.
/// </summary>
internal sealed class StatementShape
{
    /// <summary>Bytes kept of a word; longer words only count as "some other word".</summary>
    public const int WordCapacity = 16;

    private readonly byte[] _firstWord = new byte[WordCapacity];
    private int _firstWordLength;
    private int _wordCount;
    private int _beginDepth;
    private RoutineState _routine;
    private bool _previousWordIsFrom;

    /// <summary>Open parentheses (a semicolon inside them does not end the statement).</summary>
    public int ParenDepth { get; set; }

    /// <summary>A semicolon here ends the statement.</summary>
    public bool AtTopLevel => ParenDepth == 0 && _beginDepth == 0;

    public bool IsCopyFromStdin { get; private set; }

    public ReadOnlySpan<byte> FirstWord => _firstWord.AsSpan(0, _firstWordLength);

    /// <summary>One word of the statement, lower-case ASCII; <paramref name="exact"/> is false when it was cut at <see cref="WordCapacity"/>.</summary>
    public void OnWord(ReadOnlySpan<byte> word, bool exact)
    {
        _wordCount++;
        if (_wordCount == 1)
        {
            word.CopyTo(_firstWord);
            _firstWordLength = exact ? word.Length : 0;
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
        if (_routine == RoutineState.Routine && ParenDepth == 0 && exact)
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

        if (_firstWordLength == 4 && _firstWord.AsSpan(0, 4).SequenceEqual("copy"u8) && ParenDepth == 0)
        {
            if (_previousWordIsFrom && word.SequenceEqual("stdin"u8))
            {
                IsCopyFromStdin = true;
            }

            _previousWordIsFrom = word.SequenceEqual("from"u8);
        }
    }

    /// <summary>The last statement of a file may lack its semicolon; it is sent, but never as a COPY.</summary>
    public void ForgetCopy() => IsCopyFromStdin = false;

    public void Reset()
    {
        ParenDepth = 0;
        _beginDepth = 0;
        _wordCount = 0;
        _routine = RoutineState.Start;
        _previousWordIsFrom = false;
        IsCopyFromStdin = false;
        _firstWordLength = 0;
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
}
