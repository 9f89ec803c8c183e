using System.Buffers;

namespace PgSnap.Archive.Writing;

/// <summary>
/// Spreads the manifest's compact JSON over short lines as the serializer writes it: after the comma that ends a
/// record of one of its lists (a block, a table, an object), and after any comma outside a string once a line is
/// long, it starts a new line with the manifest prefix. Readers join the pieces after the prefixes back into one
/// JSON text (docs/FORMAT.md, "Manifest"), so where the breaks fall changes nothing; they are there so that
/// <c>tail</c> of an archive shows lines a person can read instead of one line of megabytes.
/// </summary>
internal sealed class ManifestLineWriter(IBufferWriter<byte> target, ReadOnlyMemory<byte> linePrefix) : IBufferWriter<byte>, IDisposable
{
    /// <summary>A line this long breaks at its next comma outside a string, record end or not.</summary>
    public const int Width = 240;

    private byte[] _scratch = ArrayPool<byte>.Shared.Rent(4096);
    private int _lineLength = linePrefix.Length;
    private bool _inString;
    private bool _escaped;
    private byte _previous;

    public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Scratch(sizeHint);
        return _scratch;
    }

    /// <summary>Copies what the serializer wrote into the scratch buffer to the target, with the line breaks.</summary>
    public void Advance(int count)
    {
        var written = _scratch.AsSpan(0, count);
        var runStart = 0;
        for (var i = 0; i < written.Length; i++)
        {
            var b = written[i];
            var breakAfter = Track(b);
            _previous = b;
            _lineLength++;
            if (breakAfter)
            {
                target.Write(written[runStart..(i + 1)]);
                target.Write("\n"u8);
                target.Write(linePrefix.Span);
                _lineLength = linePrefix.Length;
                runStart = i + 1;
            }
        }

        target.Write(written[runStart..]);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_scratch);
        _scratch = [];
    }

    /// <summary>Follows strings and escapes; true when a line may end after <paramref name="b"/>.</summary>
    private bool Track(byte b)
    {
        if (_inString)
        {
            if (_escaped)
            {
                _escaped = false;
            }
            else if (b == (byte)'\\')
            {
                _escaped = true;
            }
            else if (b == (byte)'"')
            {
                _inString = false;
            }

            return false;
        }

        if (b == (byte)'"')
        {
            _inString = true;
            return false;
        }

        return b == (byte)',' && (_previous == (byte)'}' || _lineLength >= Width);
    }

    private Span<byte> Scratch(int sizeHint)
    {
        if (_scratch.Length < sizeHint)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = ArrayPool<byte>.Shared.Rent(sizeHint);
        }

        return _scratch;
    }
}
