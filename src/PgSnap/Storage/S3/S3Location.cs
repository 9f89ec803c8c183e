namespace PgSnap.Storage.S3;

/// <summary>
/// An object (or a key prefix) in S3-compatible storage, written <c>s3://bucket/key</c> wherever pgsnap takes a file
/// path. The key is kept as given (no normalisation): S3 keys are opaque strings in which "a//b" and "a/b" differ.
/// </summary>
public sealed record S3Location(string Bucket, string Key)
{
    public const string Scheme = "s3://";

    /// <summary>True when <paramref name="path"/> names object storage rather than a local file.</summary>
    public static bool IsS3(string? path) => path is not null && path.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <c>s3://bucket/key</c>; a usage error (exit code 2) when the bucket is missing.</summary>
    public static S3Location Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!IsS3(path))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"{path} is not an s3://bucket/key location");
        }

        var rest = path[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var key = slash < 0 ? "" : rest[(slash + 1)..];
        if (bucket.Length == 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"{path}: no bucket name (write s3://bucket/key)");
        }

        return new S3Location(bucket, key);
    }

    /// <summary>The last segment of the key (the file name of the object).</summary>
    public string Name => Key[(Key.LastIndexOf('/') + 1)..];

    /// <summary>The prefix this object sits under, as a location (<c>s3://bucket/a/b/</c> for <c>s3://bucket/a/b/c</c>).</summary>
    public S3Location Parent => new(Bucket, Key[..(Key.LastIndexOf('/') + 1)]);

    /// <summary>The object <paramref name="name"/> inside this location taken as a folder-like prefix.</summary>
    public S3Location Child(string name) =>
        new(Bucket, Key.Length == 0 || Key.EndsWith('/') ? Key + name : Key + "/" + name);

    /// <summary>This location as a prefix to list: empty, or ending with '/'.</summary>
    public string AsPrefix => Key.Length == 0 || Key.EndsWith('/') ? Key : Key + "/";

    public override string ToString() => Scheme + Bucket + "/" + Key;
}
