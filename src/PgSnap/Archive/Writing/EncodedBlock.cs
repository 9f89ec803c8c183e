namespace PgSnap.Archive.Writing;

/// <summary>
/// A block ready to be appended: its on-disk bytes (a slice of a pooled buffer it owns), the length and XXH64
/// of its uncompressed bytes, and its row count. Disposing it returns the buffer to the pool.
/// </summary>
internal sealed class EncodedBlock : IDisposable
{
    private readonly PooledBuffer _owner;
    private readonly int _start;

    public EncodedBlock(int id, BlockInfo info, PooledBuffer owner, int start, int length, long rawLength, ulong xxh64, long? rows)
    {
        Id = id;
        Info = info;
        _owner = owner;
        _start = start;
        Length = length;
        RawLength = rawLength;
        Xxh64 = xxh64;
        Rows = rows;
    }

    public int Id { get; }

    public BlockInfo Info { get; }

    /// <summary>Bytes on disk.</summary>
    public int Length { get; }

    /// <summary>Bytes once decompressed.</summary>
    public long RawLength { get; }

    public ulong Xxh64 { get; }

    /// <summary>COPY or INSERT rows in a data block; null for DDL.</summary>
    public long? Rows { get; }

    public ReadOnlyMemory<byte> Bytes => _owner.WrittenMemory.Slice(_start, Length);

    public void Dispose() => _owner.Dispose();
}
