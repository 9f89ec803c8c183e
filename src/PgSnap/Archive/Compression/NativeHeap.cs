using System.Runtime.InteropServices;

namespace PgSnap.Archive.Compression;

/// <summary>
/// Keeps zlib's per-block state from fragmenting glibc's heap.
/// </summary>
/// <remarks>
/// Each gzip block opens a deflate stream whose ~270 KB of state zlib mallocs and frees. glibc serves such a
/// chunk with mmap only until the first one is freed, then raises its mmap threshold to that size, so every later
/// state comes from the brk heap; interleaved with the runtime's own native allocations it is rarely given back,
/// and peak RSS crept up block by block (+12 MB at -j 1 on a 300 MB table). Fixing the threshold at glibc's
/// default (128 KiB) turns off that adjustment: deflate states are mapped and unmapped, and RSS stays flat.
/// </remarks>
internal static class NativeHeap
{
    /// <summary>mallopt's M_MMAP_THRESHOLD.</summary>
    private const int MmapThresholdParameter = -3;

    private const int MmapThreshold = 128 * 1024;

    private static int s_done;

    /// <summary>Applies the setting once per process; a no-op where there is no glibc.</summary>
    public static void KeepLargeAllocationsMapped()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref s_done, 1) != 0)
        {
            return;
        }

        try
        {
            _ = SetMallocOption(MmapThresholdParameter, MmapThreshold);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl's mallopt is a stub anyway): nothing to tune.
        }
    }

    // DllImport rather than LibraryImport: two ints are blittable, and the engine stays free of unsafe code.
    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int SetMallocOption(int parameter, int value);
}
