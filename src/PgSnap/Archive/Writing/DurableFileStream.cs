namespace PgSnap.Archive.Writing;

/// <summary>
/// A write-only, forward-only file stream for a backup file: written front to back, then made durable once by
/// <see cref="FlushToDisk"/>, after which nothing more is written.
/// </summary>
internal abstract class DurableFileStream : Stream
{
    public sealed override bool CanRead => false;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => true;

    public sealed override long Length => throw new NotSupportedException();

    public sealed override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Writes whatever is still held, then fsyncs the file unless <paramref name="sync"/> is false (--no-sync).</summary>
    public abstract void FlushToDisk(bool sync = true);

    public sealed override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public sealed override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public sealed override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>
    /// Opens <paramref name="path"/> (created or truncated) with direct I/O where the platform and file system
    /// allow it (and <paramref name="allowDirect"/>), else as an ordinary file with early writeback.
    /// </summary>
    public static DurableFileStream Create(string path, bool allowDirect = true) =>
        (allowDirect ? DirectFileStream.TryCreate(path) : null) as DurableFileStream
        ?? CreateBuffered(path);

    private static WritebackFileStream CreateBuffered(string path)
    {
        var stream = new FileStream(path, PrivateFiles.CreateOptions(bufferSize: 0, FileOptions.Asynchronous));
        PrivateFiles.Restrict(path);
        return new WritebackFileStream(stream);
    }
}
