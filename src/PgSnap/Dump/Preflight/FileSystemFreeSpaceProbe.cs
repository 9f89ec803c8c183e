namespace PgSnap.Dump.Preflight;

/// <summary>
/// The real free space of a folder's filesystem. On Unix <see cref="DriveInfo"/> given any path runs statvfs on
/// it, so this is the space of the mount that holds the folder (a tmpfs, a bind mount…), not of the root.
/// </summary>
public sealed class FileSystemFreeSpaceProbe : IFreeSpaceProbe
{
    public static FileSystemFreeSpaceProbe Instance { get; } = new();

    public long? AvailableBytes(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        try
        {
            return new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
