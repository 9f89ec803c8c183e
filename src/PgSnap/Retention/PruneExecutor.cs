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
            if (Storage.S3.S3Location.IsS3(decision.File.Path))
            {
                DeleteObjectsAsync(decision.File.Path, cancellationToken).GetAwaiter().GetResult();
                continue;
            }

            File.Delete(decision.File.Path);
            File.Delete(PgSnap.Drill.DrillReport.PathFor(decision.File.Path));
        }
    }

    /// <summary>Deletes an archive object and its drill record (DELETE of a missing key succeeds in S3).</summary>
    private static async Task DeleteObjectsAsync(string url, CancellationToken cancellationToken)
    {
        var client = Storage.S3.S3Http.FromEnvironment();
        foreach (var target in new[] { url, PgSnap.Drill.DrillReport.PathFor(url) })
        {
            var location = Storage.S3.S3Location.Parse(target);
            await client.DeleteObjectAsync(location.Bucket, location.Key, cancellationToken).ConfigureAwait(false);
        }
    }
}
