using System.Buffers;

namespace PgSnap.Sql;

/// <summary>
/// The splitter's read buffer over the input: the bytes not yet consumed, the line they start on, and the one
/// scanning primitive every quoted or commented lexer state shares (<see cref="SeekDelimiter"/>). Refilling
/// moves the unconsumed tail to the front, so a lookahead never spans two buffers.
/// </summary>
internal sealed class InputWindow : IDisposable
{
    private readonly Stream _input;

    public InputWindow(Stream input, int bufferSize)
    {
        _input = input;
        Buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>The rented buffer; valid bytes are <c>[0, Length)</c>.</summary>
    public byte[] Buffer { get; private set; }

    /// <summary>Next unconsumed byte.</summary>
    public int Pos { get; set; }

    /// <summary>End of the valid bytes.</summary>
    public int Length { get; private set; }

    /// <summary>The input has no more bytes beyond <see cref="Length"/>.</summary>
    public bool Eof { get; private set; }

    /// <summary>1-based line of the byte at <see cref="Pos"/> (as far as the scanners have counted).</summary>
    public long Line { get; set; } = 1;

    /// <summary>Input bytes consumed so far.</summary>
    public long BytesConsumed => _bytesRead - (Length - Pos);

    /// <summary>Bytes read from the input so far (consumed or still in the buffer).</summary>
    private long _bytesRead;

    /// <summary>The input byte just before <c>Buffer[0]</c> (after compaction), for column-0 checks.</summary>
    private byte _byteBeforeBuffer = (byte)'\n';

    /// <summary>Moves the unconsumed bytes to the front (growing the buffer only when it is full) and reads more.</summary>
    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        var buffer = Buffer;
        if (Pos > 0)
        {
            _byteBeforeBuffer = buffer[Pos - 1];
            buffer.AsSpan(Pos, Length - Pos).CopyTo(buffer);
            Length -= Pos;
            Pos = 0;
        }

        if (Length == buffer.Length)
        {
            // Only a very long lookahead (a meta-command line) gets here: grow rather than fail.
            var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            buffer.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(buffer);
            Buffer = buffer = bigger;
        }

        var n = await _input.ReadAsync(buffer.AsMemory(Length), cancellationToken).ConfigureAwait(false);
        Eof = n == 0;
        Length += n;
        _bytesRead += n;
    }

    /// <summary>The input byte before index <paramref name="i"/> of the buffer ('\n' at the very start).</summary>
    public byte PreviousByte(int i) => i > 0 ? Buffer[i - 1] : _byteBeforeBuffer;

    /// <summary>
    /// From <paramref name="i"/>, skips to the next byte of <paramref name="delimiters"/>, counting the line breaks
    /// passed. <see cref="Seek.Found"/>: <paramref name="i"/> is at the delimiter and the
    /// <paramref name="lookahead"/> bytes after it are in the buffer (or the input ends). <see cref="Seek.Exhausted"/>:
    /// none before <paramref name="end"/>, <paramref name="i"/> = <paramref name="end"/>. <see cref="Seek.NeedMore"/>:
    /// <paramref name="i"/> is at the delimiter but its lookahead is not read yet.
    /// </summary>
    public Seek SeekDelimiter(ref int i, int end, SearchValues<byte> delimiters, int lookahead)
    {
        var span = Buffer.AsSpan(i, end - i);
        var at = span.IndexOfAny(delimiters);
        if (at < 0)
        {
            Line += span.Count((byte)'\n');
            i = end;
            return Seek.Exhausted;
        }

        Line += span[..at].Count((byte)'\n');
        i += at;
        return i + lookahead >= end && !Eof ? Seek.NeedMore : Seek.Found;
    }

    public void Dispose()
    {
        if (Buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = [];
        }
    }
}

/// <summary>Outcome of <see cref="InputWindow.SeekDelimiter"/>.</summary>
internal enum Seek
{
    Found,
    Exhausted,
    NeedMore,
}
