namespace PgSnap.Drill;

/// <summary>
/// The check a drill runs before restoring, for callers that want it alone (the safety backup): the archive has its
/// completion marker, its manifest and every block's checksum hold. Throws <see cref="PgSnapErrorKind.Corrupt"/>
/// otherwise. The work is the verify engine's (<see cref="Verify.BlockChecksumScan"/>).
/// </summary>
public static class ArchiveChecksums
{
    public static Task VerifyAsync(string archivePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archivePath);
        return Verify.BlockChecksumScan.EnsureIntactAsync(archivePath, cancellationToken);
    }
}
