using PgSnap.Archive.Reading;

namespace PgSnap.Drill;

/// <summary>
/// The check a drill runs before restoring, for callers that want it alone: the archive has its completion
/// marker, its manifest and every block's checksum hold. Throws <see cref="PgSnapErrorKind.Corrupt"/> otherwise.
/// </summary>
public static class ArchiveChecksums
{
    public static async Task VerifyAsync(string archivePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archivePath);
        using var index = await ArchiveIndex.TryOpenAsync(archivePath, cancellationToken).ConfigureAwait(false)
            ?? throw new PgSnapException(PgSnapErrorKind.Corrupt, $"{archivePath} is not a complete PgSnap archive (no completion marker at its end)");
        if (await ArchiveIntegrity.FindFirstProblemAsync(index, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            throw new PgSnapException(PgSnapErrorKind.Corrupt, $"{archivePath}: {problem}");
        }
    }
}
