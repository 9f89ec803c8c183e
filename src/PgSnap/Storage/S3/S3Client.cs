using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace PgSnap.Storage.S3;

/// <summary>
/// The few S3 calls PgSnap needs, over HttpClient: each call says what it asks and reads its answer; one attempt is
/// sent and signed by <see cref="S3RequestSender"/>, attempts are repeated by <see cref="S3Retry"/>, and answers that are
/// not a success become the errors of <see cref="S3Errors"/>. Every failure is a one-line <see cref="PgSnapException"/>
/// naming the operation, bucket and key, never the credentials.
/// </summary>
/// <remarks>
/// Transient failures (no connection, a reset, a silent service, 5xx, 429 and 503 SlowDown) are retried with
/// exponential backoff (<see cref="S3ClientOptions.MaxAttempts"/>, <see cref="S3ClientOptions.RetryDelay"/>); a ranged
/// GET that breaks in the middle of its body resumes at the byte it reached. Permanent ones (403, 404, a wrong region)
/// fail at once: waiting does not fix them. Each request is signed again per attempt (the date is part of the signature).
/// </remarks>
public sealed class S3Client
{
    private readonly S3ClientOptions _options;
    private readonly S3RequestSender _sender;
    private readonly S3Retry _retry;

    public S3Client(HttpClient http, S3ClientOptions options)
    {
        _options = options;
        _sender = new S3RequestSender(http, options);
        _retry = new S3Retry(options);
    }

    public S3ClientOptions Options => _options;

    public async Task<S3ObjectInfo> HeadObjectAsync(string bucket, string key, CancellationToken ct = default) =>
        await TryHeadObjectAsync(bucket, key, ct).ConfigureAwait(false)
        ?? throw S3Errors.Permanent("HEAD", bucket, key, 404, "NotFound", null);

    /// <summary>Size and ETag of the object, or null when HEAD answers 404 (no such key, or no such bucket: HEAD cannot tell).</summary>
    public Task<S3ObjectInfo?> TryHeadObjectAsync(string bucket, string key, CancellationToken ct = default) =>
        _retry.RunAsync("HEAD", bucket, key, async (_, token) =>
        {
            using var response = await _sender.SendOnceAsync(HttpMethod.Head, bucket, key, [], null, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            await S3Errors.EnsureSuccessAsync(response, "HEAD", bucket, key, token).ConfigureAwait(false);
            return new S3ObjectInfo(key, response.Content.Headers.ContentLength ?? 0, response.Headers.ETag?.Tag ?? "");
        }, ct);

    /// <summary>
    /// HEAD on the bucket: throws the one-line NoSuchBucket error when it does not exist (a HEAD of an object cannot
    /// tell a missing bucket from a missing key), and the access or region error when it cannot be reached. With
    /// <paramref name="deniedIsUnknown"/>, a 403 returns false instead: a key allowed to write objects but not to
    /// list the bucket (HeadBucket needs s3:ListBucket) gets it too, and its writes will say whether they are allowed.
    /// </summary>
    public Task<bool> EnsureBucketAsync(string bucket, CancellationToken ct = default, bool deniedIsUnknown = false) =>
        _retry.RunAsync("HEAD", bucket, "", async (_, token) =>
        {
            using var response = await _sender.SendOnceAsync(HttpMethod.Head, bucket, "", [], null, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw S3Errors.Permanent("HEAD", bucket, "", 404, "NoSuchBucket", null);
            }

            if (deniedIsUnknown && response.StatusCode == HttpStatusCode.Forbidden)
            {
                return false;
            }

            await S3Errors.EnsureSuccessAsync(response, "HEAD", bucket, "", token).ConfigureAwait(false);
            return true;
        }, ct);

    /// <summary>
    /// Whether the object exists, by HEAD: <see cref="S3Existence.Denied"/> for a 403, which a key allowed to write but
    /// not to read (s3:PutObject without s3:GetObject) gets; HEAD has no body, so it cannot say more.
    /// </summary>
    public Task<S3Existence> ObjectExistenceAsync(string bucket, string key, CancellationToken ct = default) =>
        _retry.RunAsync("HEAD", bucket, key, async (_, token) =>
        {
            using var response = await _sender.SendOnceAsync(HttpMethod.Head, bucket, key, [], null, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotFound:
                    return S3Existence.Absent;
                case HttpStatusCode.Forbidden:
                    return S3Existence.Denied;
            }

            await S3Errors.EnsureSuccessAsync(response, "HEAD", bucket, key, token).ConfigureAwait(false);
            return S3Existence.Exists;
        }, ct);

    /// <summary>Bytes <paramref name="first"/> through <paramref name="last"/> inclusive (an explicit bytes=a-b range).</summary>
    public async Task<byte[]> GetRangeAsync(string bucket, string key, long first, long last, CancellationToken ct = default)
    {
        if (first < 0 || last < first || last - first >= int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(last), $"bad range {first}-{last}");
        }

        var data = new byte[last - first + 1];
        var n = await ReadRangeAsync(bucket, key, first, data, ct).ConfigureAwait(false);
        return n == data.Length ? data : data[..n];
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the object's bytes from <paramref name="offset"/> on, through
    /// explicit <c>bytes=a-b</c> ranges (never suffix ranges, which not every service supports); a transfer broken
    /// part-way resumes at the byte it reached. Returns the bytes read: less than asked only at the object's end.
    /// </summary>
    public Task<int> ReadRangeAsync(string bucket, string key, long offset, Memory<byte> destination, CancellationToken ct = default)
    {
        if (destination.Length == 0)
        {
            return Task.FromResult(0);
        }

        var got = 0;
        return _retry.RunAsync("GET", bucket, key, async (_, token) =>
        {
            var first = offset + got;
            var last = offset + destination.Length - 1;
            using var response = await _sender.SendOnceAsync(HttpMethod.Get, bucket, key, [], null,
                new() { ["range"] = string.Create(CultureInfo.InvariantCulture, $"bytes={first}-{last}") },
                HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                return got;
            }

            await S3Errors.EnsureSuccessAsync(response, "GET", bucket, key, token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.PartialContent)
            {
                throw S3Errors.Fail("GET", bucket, key, $"asked for bytes {first}-{last} but the server answered {(int)response.StatusCode} instead of 206");
            }

            await using var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            while (got < destination.Length)
            {
                var n = await _sender.ReadIdleLimitedAsync(body, destination[got..], token).ConfigureAwait(false);
                if (n == 0)
                {
                    // A 206 shorter than asked: the object ends here (or the connection closed early, which the
                    // Content-Length check of HttpClient turns into an IOException, retried above).
                    break;
                }

                got += n;
            }

            return got;
        }, ct);
    }

    public Task<string> PutObjectAsync(string bucket, string key, ReadOnlyMemory<byte> body, CancellationToken ct = default) =>
        _retry.RunAsync("PUT", bucket, key, async (_, token) =>
        {
            using var response = await _sender.SendOnceAsync(HttpMethod.Put, bucket, key, [], body, ContentMd5(body.Span), HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            await S3Errors.EnsureSuccessAsync(response, "PUT", bucket, key, token).ConfigureAwait(false);
            return response.Headers.ETag?.Tag ?? "";
        }, ct);

    public Task<string> CreateMultipartUploadAsync(string bucket, string key, CancellationToken ct = default) =>
        _retry.RunAsync("CreateMultipartUpload", bucket, key, async (_, token) =>
        {
            using var response = await _sender.SendOnceAsync(HttpMethod.Post, bucket, key, [new("uploads", "")], ReadOnlyMemory<byte>.Empty, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            await S3Errors.EnsureSuccessAsync(response, "CreateMultipartUpload", bucket, key, token).ConfigureAwait(false);
            var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(token).ConfigureAwait(false));
            return S3Xml.Child(xml.Root, "UploadId") ?? throw S3Errors.Fail("CreateMultipartUpload", bucket, key, "the answer has no UploadId");
        }, ct);

    /// <summary>Uploads one part with its Content-MD5, so the service refuses a part that arrives damaged.</summary>
    public Task<S3CompletedPart> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, ReadOnlyMemory<byte> body, CancellationToken ct = default)
    {
        var md5 = ContentMd5(body.Span);
        var operation = $"UploadPart {partNumber}";
        return _retry.RunAsync(operation, bucket, key, async (_, token) =>
        {
            using var response = await _sender.SendOnceAsync(HttpMethod.Put, bucket, key,
                [new("partNumber", partNumber.ToString(CultureInfo.InvariantCulture)), new("uploadId", uploadId)], body, new(md5), HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            await S3Errors.EnsureSuccessAsync(response, operation, bucket, key, token).ConfigureAwait(false);
            return new S3CompletedPart(partNumber, response.Headers.ETag?.Tag ?? throw S3Errors.Fail(operation, bucket, key, "the answer has no ETag"));
        }, ct);
    }

    public Task CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<S3CompletedPart> parts, CancellationToken ct = default)
    {
        var body = Encoding.UTF8.GetBytes(new XElement("CompleteMultipartUpload",
            parts.OrderBy(p => p.PartNumber).Select(p => new XElement("Part",
                new XElement("PartNumber", p.PartNumber.ToString(CultureInfo.InvariantCulture)),
                new XElement("ETag", p.ETag)))).ToString(SaveOptions.DisableFormatting));
        return _retry.RunAsync("CompleteMultipartUpload", bucket, key, async (_, token) =>
        {
            using var response = await _sender.SendOnceAsync(HttpMethod.Post, bucket, key, [new("uploadId", uploadId)], body, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            await S3Errors.EnsureSuccessAsync(response, "CompleteMultipartUpload", bucket, key, token).ConfigureAwait(false);

            // S3 can answer 200 and still report an error in the body of a CompleteMultipartUpload.
            var text = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
            if (text.Length > 0 && XDocument.Parse(text).Root is { Name.LocalName: "Error" } error)
            {
                var code = S3Xml.Child(error, "Code");
                if (code is "InternalError" or "SlowDown" or "ServiceUnavailable")
                {
                    throw new S3TransientFailure($"200 with {code} in the body");
                }

                throw S3Errors.Fail("CompleteMultipartUpload", bucket, key, $"{code}: {S3Xml.Child(error, "Message")}");
            }

            return true;
        }, ct);
    }

    public Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken ct = default) =>
        _retry.RunAsync("AbortMultipartUpload", bucket, key, async (_, token) =>
        {
            using var response = await _sender.SendOnceAsync(HttpMethod.Delete, bucket, key, [new("uploadId", uploadId)], null, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            await S3Errors.EnsureSuccessAsync(response, "AbortMultipartUpload", bucket, key, token).ConfigureAwait(false);
            return true;
        }, ct);

    public Task DeleteObjectAsync(string bucket, string key, CancellationToken ct = default) =>
        _retry.RunAsync("DELETE", bucket, key, async (_, token) =>
        {
            using var response = await _sender.SendOnceAsync(HttpMethod.Delete, bucket, key, [], null, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            await S3Errors.EnsureSuccessAsync(response, "DELETE", bucket, key, token).ConfigureAwait(false);
            return true;
        }, ct);

    /// <summary>One page of LIST objects v2 under <paramref name="prefix"/>.</summary>
    public Task<S3ListPage> ListObjectsPageAsync(string bucket, string prefix, int maxKeys, string? continuationToken, CancellationToken ct = default)
    {
        var query = new List<KeyValuePair<string, string>>
        {
            new("list-type", "2"),
            new("max-keys", maxKeys.ToString(CultureInfo.InvariantCulture)),
            new("prefix", prefix),
        };
        if (continuationToken is not null)
        {
            query.Add(new("continuation-token", continuationToken));
        }

        return _retry.RunAsync("LIST", bucket, prefix, async (_, token) =>
        {
            using var response = await _sender.SendOnceAsync(HttpMethod.Get, bucket, "", query, null, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            await S3Errors.EnsureSuccessAsync(response, "LIST", bucket, prefix, token).ConfigureAwait(false);
            var root = XDocument.Parse(await response.Content.ReadAsStringAsync(token).ConfigureAwait(false)).Root!;
            var objects = root.Elements().Where(e => e.Name.LocalName == "Contents")
                .Select(c => new S3ObjectInfo(
                    S3Xml.Child(c, "Key") ?? "",
                    long.Parse(S3Xml.Child(c, "Size") ?? "0", CultureInfo.InvariantCulture),
                    S3Xml.Child(c, "ETag") ?? "")
                {
                    LastModified = DateTimeOffset.TryParse(S3Xml.Child(c, "LastModified"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var modified) ? modified : null,
                })
                .ToList();
            var truncated = string.Equals(S3Xml.Child(root, "IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);
            return new S3ListPage(objects, truncated ? S3Xml.Child(root, "NextContinuationToken") : null);
        }, ct);
    }

    /// <summary>Every object under <paramref name="prefix"/>, following continuation tokens page by page.</summary>
    public async IAsyncEnumerable<S3ObjectInfo> ListObjectsAsync(string bucket, string prefix, int pageSize = 1000,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        string? token = null;
        do
        {
            var page = await ListObjectsPageAsync(bucket, prefix, pageSize, token, ct).ConfigureAwait(false);
            foreach (var o in page.Objects)
            {
                yield return o;
            }

            token = page.NextContinuationToken;
        }
        while (token is not null);
    }

    private static Dictionary<string, string> ContentMd5(ReadOnlySpan<byte> body) => new()
    {
        ["content-md5"] = Convert.ToBase64String(MD5.HashData(body)),
    };
}
