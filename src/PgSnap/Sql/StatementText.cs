using System.Buffers;

namespace PgSnap.Sql;

/// <summary>
/// The bytes of the statement being assembled, in one pooled array that grows to the longest statement seen.
/// Meta-command and marker lines are appended after the statement so far, handed out, then cut off again.
/// </summary>
internal sealed class StatementText : IDisposable
{
    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(4096);

    public int Length { get; set; }

    public ReadOnlySpan<byte> Slice(int start) => _bytes.AsSpan(start, Length - start);

    /// <summary>From <paramref name="start"/> to the end, without a trailing '\r'.</summary>
    public ReadOnlyMemory<byte> Line(int start)
    {
        var length = Length - start;
        if (length > 0 && _bytes[start + length - 1] == (byte)'\r')
        {
            length--;
        }

        return _bytes.AsMemory(start, length);
    }

    public ReadOnlyMemory<byte> All => _bytes.AsMemory(0, Length);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (Length + bytes.Length > _bytes.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, Length + bytes.Length));
            _bytes.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = bigger;
        }

        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Dispose()
    {
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = [];
        }
    }
}
