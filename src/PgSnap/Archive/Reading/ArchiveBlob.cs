using PgSnap.Storage.S3;

namespace PgSnap.Archive.Reading;

/// <summary>
/// The stored bytes of an archive, read at any offset: a local file, or an object in S3-compatible storage
/// (<c>s3://bucket/key</c>, read with explicit ranged GETs). Readers that seek (the footer and manifest, one block
/// of a selective or parallel restore) and readers that go front to back both read through this, so every verb that
/// takes a file takes an object too. Safe for reads from several threads at once.
/// </summary>
public abstract class ArchiveBlob : IDisposable
{
    /// <summary>What the user gave (a path or s3:// URL), for messages.</summary>
    public abstract string Name { get; }

    public abstract long Length { get; }

    /// <summary>
    /// The most a reader should ask for at once: one request's worth for object storage (each read is a GET), a
    /// buffer's worth for a file.
    /// </summary>
    public abstract int ReadSize { get; }

    /// <summary>True for object storage (no file mode to check, no file system beneath).</summary>
    public virtual bool IsRemote => false;

    /// <summary>Reads up to <paramref name="buffer"/>'s length at <paramref name="offset"/>; fewer bytes only at the end.</summary>
    public abstract ValueTask<int> ReadAtAsync(Memory<byte> buffer, long offset, CancellationToken cancellationToken);

    public abstract int ReadAt(Span<byte> buffer, long offset);

    /// <summary>
    /// Opens <paramref name="path"/>: an <c>s3://</c> URL (HEAD for its size, with the process's S3 settings), or a
    /// local file (which must exist).
    /// </summary>
    public static async Task<ArchiveBlob> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (S3Location.IsS3(path))
        {
            return await S3ObjectBlob.OpenAsync(S3Http.FromEnvironment(), S3Location.Parse(path), cancellationToken).ConfigureAwait(false);
        }

        return new FileBlob(path);
    }

    /// <summary>The blob's bytes from <paramref name="offset"/> for <paramref name="length"/> bytes, front to back.</summary>
    /// <param name="firstRead">Size of the first read; later ones double up to <see cref="ReadSize"/> (a reader that
    /// wants only the first lines, such as the header's, does not pay for a whole request's worth).</param>
    public Stream OpenRange(long offset, long length, int? firstRead = null, Action<int>? onRead = null) =>
        new BlobReadStream(this, offset, length, firstRead ?? ReadSize, onRead);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
