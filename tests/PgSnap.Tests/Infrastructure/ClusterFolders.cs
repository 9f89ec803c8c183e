namespace PgSnap.Tests.Infrastructure;

/// <summary>
/// Where the test clusters live. The suite creates and drops thousands of databases (a few hundred files each); on
/// the CI machines' ext4 root (mounted with online <c>discard</c>), every drop discards its blocks and every create
/// searches for free inodes among the recently deleted ones, and that grew into most of the server's time as the
/// suite grew (docs/ARCHITECTURE.md, "Tests"). A tmpfs such as <c>/dev/shm</c> does neither. The clusters go there
/// when it has room (<see cref="MinimumFreeBytes"/>), else to the temporary folder; <c>PGSNAP_TEST_CLUSTER_DIR</c>
/// names another parent folder.
/// </summary>
internal static class ClusterFolders
{
    /// <summary>The room a memory folder must have free: every server's databases at their busiest, with margin.</summary>
    public const long MinimumFreeBytes = 4L << 30;

    private const string MemoryFolder = "/dev/shm";

    private static readonly Lazy<string> s_parent = new(Choose);

    /// <summary>The folder new clusters are made in.</summary>
    public static string Parent => s_parent.Value;

    /// <summary>Every folder a cluster of this or an earlier run may be in (where stale ones are looked for).</summary>
    public static IEnumerable<string> Candidates =>
        new[] { Parent, Path.GetTempPath(), MemoryFolder }.Select(Path.TrimEndingDirectorySeparator).Distinct(StringComparer.Ordinal).Where(Directory.Exists);

    private static string Choose()
    {
        if (Environment.GetEnvironmentVariable("PGSNAP_TEST_CLUSTER_DIR") is { Length: > 0 } chosen)
        {
            Directory.CreateDirectory(chosen);
            return chosen;
        }

        return HasRoom(MemoryFolder) ? MemoryFolder : Path.GetTempPath();
    }

    private static bool HasRoom(string folder)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists(folder))
        {
            return false;
        }

        try
        {
            return new DriveInfo(folder).AvailableFreeSpace >= MinimumFreeBytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }
}
