namespace PgSnap.Archive.Writing;

/// <summary>
/// Backups hold secrets (password hashes, API keys in application tables), so every file PgSnap writes that holds
/// database content (archives, safety backups, role scripts, spooled stdin, drill records) is readable by its owner
/// only, and a folder PgSnap creates for them is the owner's only. The mode is set explicitly after creation, so the
/// umask cannot widen it and a leftover temporary file of the same name does not keep a wider one.
/// </summary>
public static class PrivateFiles
{
    /// <summary>0600.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0700.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Group or others may do something with a file of this mode.</summary>
    public const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Makes <paramref name="path"/> 0600 (no-op on Windows, where ACLs of the folder apply).</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }

    /// <summary>Options to create a new file that is 0600 from its first byte.</summary>
    public static FileStreamOptions CreateOptions(int bufferSize, FileOptions options)
    {
        var result = new FileStreamOptions { Mode = System.IO.FileMode.Create, Access = FileAccess.Write, Share = FileShare.Read, BufferSize = bufferSize, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            result.UnixCreateMode = FileMode;
        }

        return result;
    }

    /// <summary>Creates <paramref name="path"/> (and missing parents) as 0700; an existing folder is left as it is.</summary>
    public static void CreateDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // Each folder that did not exist gets 0700 itself: Directory.CreateDirectory would give new parents the
        // umask's mode.
        var parent = Path.GetDirectoryName(Path.GetFullPath(path));
        if (parent is not null)
        {
            CreateDirectory(parent);
        }

        Directory.CreateDirectory(path, DirectoryMode);
        File.SetUnixFileMode(path, DirectoryMode);
    }

    /// <summary>True when group or others can read or write <paramref name="path"/>.</summary>
    public static bool IsExposed(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther & ~(UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
