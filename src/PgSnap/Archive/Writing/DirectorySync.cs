using System.Runtime.InteropServices;
using System.Text;

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

        // A zero-terminated UTF-8 path keeps the call blittable (no string marshalling, no unsafe code).
        var path = Encoding.UTF8.GetBytes(directory + "\0");
        var fd = Open(path, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to fsync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private const int ReadOnly = 0;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
