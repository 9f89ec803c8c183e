namespace PgSnap.Storage.S3;

/// <summary>
/// Where and how to reach an S3-compatible service. <see cref="ForcePathStyle"/> null means automatic: path-style
/// (host/bucket/key) for an IP address or localhost endpoint, which has no per-bucket DNS names, and
/// virtual-host style (bucket.host/key) otherwise, as AWS prefers.
/// </summary>
public sealed record S3ClientOptions(Uri Endpoint, string Region, S3Credentials Credentials)
{
    public bool? ForcePathStyle { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public bool UsesPathStyle => ForcePathStyle ?? (Endpoint.IsLoopback || Endpoint.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6);
}

/// <summary>Size and ETag of an object, from HEAD.</summary>
public sealed record S3ObjectInfo(string Key, long Size, string ETag);

/// <summary>A part uploaded to a multipart upload, as CompleteMultipartUpload needs it.</summary>
public sealed record S3CompletedPart(int PartNumber, string ETag);

/// <summary>One page of LIST objects v2; <see cref="NextContinuationToken"/> is null on the last page.</summary>
public sealed record S3ListPage(IReadOnlyList<S3ObjectInfo> Objects, string? NextContinuationToken);
