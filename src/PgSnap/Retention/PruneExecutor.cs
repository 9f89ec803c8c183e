namespace PgSnap.Retention;

/// <summary>
/// Carries out a plan: moves first (so a keeper is never lost to a failing delete pass), then deletes.
/// Each archive's drill sidecar follows it. Every destination is checked before anything changes.
/// </summary>
public static class PruneExecutor
{
    public static void Apply(IReadOnlyList<PruneDecision> plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var decision in plan)
        {
            if (decision.Action == PruneAction.Move && File.Exists(decision.Destination))
            {
                throw new PgSnapException(PgSnapErrorKind.Refused,
                    $"cannot move {decision.File.FileName}: {decision.Destination} already exists; nothing was changed");
            }
        }

        foreach (var decision in plan)
        {
            if (decision.Action != PruneAction.Move)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            Archive.Writing.PrivateFiles.CreateDirectory(Path.GetDirectoryName(decision.Destination!)!);
            File.Move(decision.File.Path, decision.Destination!, overwrite: false);
            var sidecar = PgSnap.Drill.DrillReport.PathFor(decision.File.Path);
            if (File.Exists(sidecar))
            {
                File.Move(sidecar, PgSnap.Drill.DrillReport.PathFor(decision.Destination!), overwrite: true);
            }
        }

        foreach (var decision in plan)
        {
            if (decision.Action != PruneAction.Delete)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Delete(decision.File.Path);
            File.Delete(PgSnap.Drill.DrillReport.PathFor(decision.File.Path));
        }
    }
}
