using System.Runtime.InteropServices;

namespace PgSnap.Archive.Writing;

/// <summary>
/// Makes a rename durable: on POSIX systems a file's new name lives in its directory, which has to be fsync'd
/// too, or a crash right after the rename can bring back the old name (or none) although the file's bytes are
/// on disk. .NET has no API for that, so the directory is opened and fsync'd through libc.
/// </summary>
internal static class DirectorySync
{
    /// <summary>fsyncs <paramref name="directory"/>; throws an <see cref="IOException"/> when that fails. A no-op on Windows.</summary>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = PosixFile.Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to fsync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (PosixFile.Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = PosixFile.Close(fd);
        }
    }

    private const int ReadOnly = 0;
}
