using System.Buffers;

namespace PgSnap.Archive.Writing;

/// <summary>
/// The pool every <see cref="PooledBuffer"/> rents from: one process-wide pool with no per-thread caches.
/// </summary>
/// <remarks>
/// <see cref="ArrayPool{T}.Shared"/> keeps one array per size per thread in thread-local storage. Blocks are
/// rented on a worker's thread but returned on whichever thread-pool thread appended them, so every new pool
/// thread stranded a block-sized array that the worker could never rent back; the worker then allocated a fresh
/// array on the large-object heap, and peak RSS grew with the number of blocks, i.e. with the table's size.
/// This pool is shared by all threads, so a returned block is the next one rented. It keeps at most
/// <see cref="ArraysPerSize"/> arrays of each size; what the back-pressure lets exist beyond that is dropped to
/// the GC instead of being kept for ever.
/// </remarks>
internal static class BlockBufferPool
{
    /// <summary>Larger arrays (a block grown around one huge row) are allocated and dropped, never kept.</summary>
    private const int MaxPooledLength = 16 * 1024 * 1024;

    /// <summary>Enough for a few workers' current, encoding and waiting blocks.</summary>
    private const int ArraysPerSize = 16;

    public static ArrayPool<byte> Shared { get; } = ArrayPool<byte>.Create(MaxPooledLength, ArraysPerSize);
}
