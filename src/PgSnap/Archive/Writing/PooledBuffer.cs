using System.Buffers;
using System.Diagnostics;

namespace PgSnap.Archive.Writing;

/// <summary>
/// A growable byte buffer rented from <see cref="BlockBufferPool"/>: blocks are built and compressed in
/// these, so a dump's memory is a handful of block-sized arrays that are reused, never one array per block.
/// Not thread-safe; owned by one stage of the pipeline at a time and returned with <see cref="Dispose"/>.
/// </summary>
internal sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;

    /// <summary>Bytes written so far.</summary>
    private int _length;

    public PooledBuffer(int initialCapacity)
    {
        _array = BlockBufferPool.Shared.Rent(Math.Max(initialCapacity, 256));
    }

    public int Length => _length;

    public int Capacity => _array.Length;

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _length);

    public void Advance(int count)
    {
        Debug.Assert(count >= 0 && _length + count <= _array.Length);
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(_length);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_array.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>A writable view of bytes already written (to fill a reserved gap).</summary>
    public Span<byte> GetWritableRange(int start, int length)
    {
        Debug.Assert(start >= 0 && start + length <= _length);
        return _array.AsSpan(start, length);
    }

    /// <summary>Drops everything written, keeping the array.</summary>
    public void Clear() => _length = 0;

    /// <summary>Keeps only the first <paramref name="length"/> bytes.</summary>
    public void Truncate(int length)
    {
        Debug.Assert(length >= 0 && length <= _length);
        _length = length;
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        _length = 0;
        if (array.Length > 0)
        {
            BlockBufferPool.Shared.Return(array);
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_array.Length - _length >= needed)
        {
            return;
        }

        var newSize = (int)Math.Min(Array.MaxLength, Math.Max((long)_array.Length * 2, (long)_length + needed));
        var bigger = BlockBufferPool.Shared.Rent(newSize);
        _array.AsSpan(0, _length).CopyTo(bigger);
        BlockBufferPool.Shared.Return(_array);
        _array = bigger;
    }
}
