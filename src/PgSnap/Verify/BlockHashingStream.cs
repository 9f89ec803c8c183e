using System.Buffers;
using System.IO.Hashing;
using PgSnap.Archive.Reading;

namespace PgSnap.Verify;

/// <summary>
/// Sits between the decompressed archive text and the splitter and computes the XXH64 of every block's bytes
/// in one pass, also from a pipe.
/// </summary>
/// <remarks>
/// Block boundaries are known only once the splitter has recognised a marker line (a line that looks like a
/// marker inside COPY rows is not one), and the splitter reads ahead. So the bytes it has read but not yet
/// consumed wait here: <see cref="Cut"/> closes the current block at a marker's offset, <see cref="Release"/>
/// hashes what the splitter has consumed. Memory is bounded by the splitter's read-ahead plus one statement.
/// </remarks>
internal sealed class BlockHashingStream : ForwardReadStream
{
    private readonly Stream _inner;
    private readonly XxHash64 _hash = new();
    private readonly List<HashedRange> _ranges = [];
    private byte[] _pending = ArrayPool<byte>.Shared.Rent(1 << 18);

    /// <summary>Stream offset of <c>_pending[0]</c>.</summary>
    private long _pendingStart;

    /// <summary>Valid bytes in <see cref="_pending"/>.</summary>
    private int _pendingLength;

    /// <summary>Stream offset where the current block began.</summary>
    private long _blockStart;

    public BlockHashingStream(Stream inner)
    {
        _inner = inner;
    }

    /// <summary>Every block closed so far, in stream order.</summary>
    public IReadOnlyList<HashedRange> Ranges => _ranges;

    /// <summary>Bytes read from the inner stream so far.</summary>
    public long TotalRead => _pendingStart + _pendingLength;

    public override long Position
    {
        get => TotalRead;
        set => throw new NotSupportedException();
    }

    /// <summary>Hashes everything before <paramref name="offset"/> into the current block and forgets it.</summary>
    public void Release(long offset)
    {
        var count = (int)Math.Clamp(offset - _pendingStart, 0, _pendingLength);
        if (count == 0)
        {
            return;
        }

        _hash.Append(_pending.AsSpan(0, count));
        _pending.AsSpan(count, _pendingLength - count).CopyTo(_pending);
        _pendingLength -= count;
        _pendingStart += count;
    }

    /// <summary>Closes the current block at <paramref name="offset"/> (a marker line's first byte) and starts the next.</summary>
    public void Cut(long offset)
    {
        Release(offset);
        if (offset > _blockStart)
        {
            _ranges.Add(new HashedRange(_blockStart, offset - _blockStart, _hash.GetCurrentHashAsUInt64()));
        }

        _hash.Reset();
        _blockStart = offset;
    }

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        Keep(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Keep(buffer.Span[..n]);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _pending.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = [];
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Keep(ReadOnlySpan<byte> data)
    {
        if (_pendingLength + data.Length > _pending.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_pending.Length * 2, _pendingLength + data.Length));
            _pending.AsSpan(0, _pendingLength).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = bigger;
        }

        data.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += data.Length;
    }
}

/// <summary>A block as seen in the uncompressed stream: where it starts, how long it is, its XXH64.</summary>
internal readonly record struct HashedRange(long RawOffset, long RawLength, ulong Xxh64);
