namespace PgSnap.Dump.Preflight;

/// <summary>
/// Proves that the output folder exists and takes a new file, by creating and deleting a probe file: permission
/// bits alone do not tell (ACLs, read-only mounts, root squash, a full inode table).
/// </summary>
internal static class OutputFolderCheck
{
    public static PreflightProblem? Run(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (File.Exists(full))
        {
            return new PreflightProblem(PreflightCheck.OutputFolder, true, $"output folder {full} is a file, not a folder", "choose another output folder");
        }

        if (!Directory.Exists(full))
        {
            return new PreflightProblem(PreflightCheck.OutputFolder, true, $"output folder {full} does not exist", $"mkdir -p '{full}'");
        }

        var probe = Path.Combine(full, $".pgsnap-preflight-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
            }

            File.Delete(probe);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(probe);
            return new PreflightProblem(
                PreflightCheck.OutputFolder,
                true,
                $"output folder {full} is not writable: {ex.Message.ReplaceLineEndings(" ")}",
                $"give the user running pgsnap write access to '{full}' (e.g. chown or chmod u+w), or choose another output folder");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing was created, or it cannot be removed either: the problem is already reported.
        }
    }
}
