using Microsoft.Win32.SafeHandles;

namespace PgSnap.Archive.Reading;

/// <summary>
/// A local archive file read through positional reads on one handle, so workers share it. Others may still write or
/// delete it (prune looks at files a dump may be finishing).
/// </summary>
internal sealed class FileBlob : ArchiveBlob
{
    private readonly SafeFileHandle _handle;

    public FileBlob(string path)
    {
        Name = path;
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.RandomAccess);
    }

    public override string Name { get; }

    public override long Length => RandomAccess.GetLength(_handle);

    public override int ReadSize => 1 << 16;

    public override ValueTask<int> ReadAtAsync(Memory<byte> buffer, long offset, CancellationToken cancellationToken) =>
        RandomAccess.ReadAsync(_handle, buffer, offset, cancellationToken);

    public override int ReadAt(Span<byte> buffer, long offset) => RandomAccess.Read(_handle, buffer, offset);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
        }
    }
}
