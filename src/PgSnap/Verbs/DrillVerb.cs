using PgSnap.Drill;
using PgSnap.Restore;

namespace PgSnap.Verbs;

/// <summary>
/// <c>pgsnap drill</c> as one call (docs/ARCHITECTURE.md, "drill"): check the archive whole → scratch database →
/// restore it with the restore engine (owners and privileges left out as <see cref="DrillOptions.IgnoreOwners"/> and
/// <see cref="DrillOptions.IgnoreAcls"/> say, <see cref="DrillOptions.Jobs"/> connections) → compare → drop the
/// scratch database → record the verdict in ARCHIVE.drill.json. A failed drill is in the report, not thrown.
/// </summary>
public static class DrillVerb
{
    public static Task<DrillReport> RunAsync(DrillOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var restore = new RestoreOptions { NoOwner = options.IgnoreOwners, NoAcl = options.IgnoreAcls, Jobs = options.Jobs };
        return new RestoreDrill(RestoreDrill.EngineRestorer(restore)).RunAsync(options, cancellationToken);
    }
}
