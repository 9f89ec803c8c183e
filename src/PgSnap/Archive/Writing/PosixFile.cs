using System.Runtime.InteropServices;
using System.Text;

namespace PgSnap.Archive.Writing;

/// <summary>
/// The few libc file calls .NET has no API for (fsync of a directory, O_DIRECT, ftruncate and sync_file_range on
/// a raw descriptor), declared once for the writers that need them. Linux and other POSIX systems only.
/// </summary>
internal static class PosixFile
{
    /// <summary>open(2) of <paramref name="path"/>; a negative result means failure (errno in the last P/Invoke error).</summary>
    public static int Open(string path, int flags, int mode = 0) =>
        // A zero-terminated UTF-8 path keeps the call blittable (no string marshalling, no unsafe code).
        OpenNative(Encoding.UTF8.GetBytes(path + "\0"), flags, mode);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenNative(byte[] path, int flags, int mode);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    public static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    public static extern int Ftruncate(int fd, long length);

    [DllImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    public static extern int SyncFileRange(int fd, long offset, long nbytes, uint flags);
}
