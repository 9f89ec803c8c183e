using Xunit;

namespace PgSnap.Tests.Reliability;

/// <summary>
/// A test too heavy for every CI run (gigabytes of data, many minutes): skipped unless PGSNAP_HEAVY=1, so it is run
/// by hand (docs/RELIABILITY.md records the last figures).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HeavyFactAttribute : FactAttribute
{
    public HeavyFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("PGSNAP_HEAVY") != "1")
        {
            Skip = "heavy: run with PGSNAP_HEAVY=1";
        }
    }
}
