namespace PgSnap.Storage.S3;

/// <summary>
/// Where and how to reach an S3-compatible service. <see cref="ForcePathStyle"/> null means automatic: path-style
/// (host/bucket/key) for an IP address or localhost endpoint, which has no per-bucket DNS names, and
/// virtual-host style (bucket.host/key) otherwise, as AWS prefers.
/// </summary>
public sealed record S3ClientOptions(Uri Endpoint, string Region, S3Credentials Credentials)
{
    /// <summary>
    /// Attempts per request by default: the first and five retries, 0.5 s doubling to 8 s apart (about 15 s in all,
    /// enough to ride out a throttling burst or a service restart; AWS_MAX_ATTEMPTS changes it).
    /// </summary>
    public const int DefaultMaxAttempts = 6;

    public bool? ForcePathStyle { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Attempts of one request (1 = no retry) before a transient error becomes the command's error.</summary>
    public int MaxAttempts { get; init; } = DefaultMaxAttempts;

    /// <summary>Wait before the first retry; each later one doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long the service may stay silent (no answer, or no body bytes) before the attempt counts as failed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public bool UsesPathStyle => ForcePathStyle ?? (Endpoint.IsLoopback || Endpoint.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6);

    /// <summary>The delay before retry number <paramref name="retry"/> (1-based): exponential, capped.</summary>
    public TimeSpan RetryDelay(int retry)
    {
        var ms = FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1));
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxRetryDelay.TotalMilliseconds));
    }
}

/// <summary>Size and ETag of an object, from HEAD or LIST (which also gives its last-modified time).</summary>
public sealed record S3ObjectInfo(string Key, long Size, string ETag)
{
    public DateTimeOffset? LastModified { get; init; }
}

/// <summary>A part uploaded to a multipart upload, as CompleteMultipartUpload needs it.</summary>
public sealed record S3CompletedPart(int PartNumber, string ETag);

/// <summary>One page of LIST objects v2; <see cref="NextContinuationToken"/> is null on the last page.</summary>
public sealed record S3ListPage(IReadOnlyList<S3ObjectInfo> Objects, string? NextContinuationToken);
