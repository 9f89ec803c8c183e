using PgSnap.Archive.Reading;

namespace PgSnap.Storage.S3;

/// <summary>
/// An archive object in S3-compatible storage as an <see cref="ArchiveBlob"/>: its size from one HEAD, then every
/// read an explicit <c>bytes=a-b</c> ranged GET (suffix ranges are not supported everywhere), retried and resumed by
/// <see cref="S3Client"/>. Parallel readers issue their GETs on separate pooled connections.
/// </summary>
public sealed class S3ObjectBlob : ArchiveBlob
{
    /// <summary>The largest single GET: a whole archive block (at most 4 MiB) plus room, and the read-ahead of a front-to-back reader.</summary>
    public const int RequestSize = 8 << 20;

    private readonly S3Client _client;
    private readonly S3Location _location;

    private S3ObjectBlob(S3Client client, S3Location location, long length)
    {
        _client = client;
        _location = location;
        Length = length;
    }

    public override string Name => _location.ToString();

    public override long Length { get; }

    public override int ReadSize => RequestSize;

    public override bool IsRemote => true;

    /// <summary>
    /// HEADs the object. HEAD has no body, so a 404 cannot say whether the bucket or the key is missing: a one-byte
    /// GET then asks, and its error (NoSuchBucket or NoSuchKey) is the one reported.
    /// </summary>
    public static async Task<S3ObjectBlob> OpenAsync(S3Client client, S3Location location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(location);
        if (location.Key.Length == 0 || location.Key.EndsWith('/'))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"{location} names a prefix, not an archive object (give s3://bucket/path/file.sql.gz)");
        }

        var head = await client.TryHeadObjectAsync(location.Bucket, location.Key, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            await client.GetRangeAsync(location.Bucket, location.Key, 0, 0, cancellationToken).ConfigureAwait(false);
            throw new PgSnapException(PgSnapErrorKind.Usage, $"S3 HEAD {location} failed: 404 NotFound: no object '{location.Key}' in bucket '{location.Bucket}'");
        }

        return new S3ObjectBlob(client, location, head.Size);
    }

    public override async ValueTask<int> ReadAtAsync(Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        var want = (int)Math.Min(buffer.Length, Math.Max(0, Length - offset));
        return want == 0 ? 0 : await _client.ReadRangeAsync(_location.Bucket, _location.Key, offset, buffer[..want], cancellationToken).ConfigureAwait(false);
    }

    public override int ReadAt(Span<byte> buffer, long offset)
    {
        // Synchronous readers (a StreamReader over a block) are rare and short; the CLI has no synchronization context.
        var rented = new byte[buffer.Length];
        var n = ReadAtAsync(rented, offset, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        rented.AsSpan(0, n).CopyTo(buffer);
        return n;
    }
}
