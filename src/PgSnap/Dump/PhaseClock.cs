using System.Diagnostics;
using System.Globalization;

namespace PgSnap.Dump;

/// <summary>
/// Diagnostics for the performance work (README, "Performance"): with PGSNAP_PHASES=1 in the environment, each
/// <see cref="Mark"/> writes to stderr the time since the previous mark, the bytes allocated, the process's
/// working set and the collections so far (gen0/gen1/gen2) (PGSNAP_PHASES=live: the live heap after a full collection, which changes what it measures a
/// little), so that a slow or memory-hungry phase of a dump or restore can be found without a profiler. Off,
/// a mark costs one field read.
/// </summary>
public static class PhaseClock
{
    private static readonly string? Setting = Environment.GetEnvironmentVariable("PGSNAP_PHASES");
    private static readonly bool Enabled = Setting is "1" or "live";
    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private static readonly Lock Gate = new();
    private static TimeSpan _last;
    private static long _allocated;

    /// <summary>Ends the phase called <paramref name="name"/>.</summary>
    public static void Mark(string name)
    {
        if (!Enabled)
        {
            return;
        }

        lock (Gate)
        {
            var now = Clock.Elapsed;
            var allocated = GC.GetTotalAllocatedBytes();
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"phase {name,-24} {(now - _last).TotalMilliseconds,8:0} ms  alloc {(allocated - _allocated) / 1048576.0,7:0.0} MB  heap {GC.GetTotalMemory(Setting is "live") / 1048576.0,6:0.0} MB  ws {Environment.WorkingSet / 1048576.0,6:0.0} MB  gc {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
            _last = now;
            _allocated = allocated;
        }
    }
}
