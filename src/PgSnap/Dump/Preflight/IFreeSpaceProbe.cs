namespace PgSnap.Dump.Preflight;

/// <summary>
/// Tells how many bytes an unprivileged writer can still put in a folder's filesystem. An interface so that a
/// test can claim a full disk where it cannot make one.
/// </summary>
public interface IFreeSpaceProbe
{
    /// <summary>Available bytes on the filesystem holding <paramref name="directory"/>, or null when unknown.</summary>
    long? AvailableBytes(string directory);
}
