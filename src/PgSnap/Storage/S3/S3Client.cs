using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace PgSnap.Storage.S3;

/// <summary>
/// The few S3 calls PgSnap needs, over HttpClient and signed by <see cref="SigV4Signer"/>; XML is read with
/// System.Xml.Linq (no serializer, no reflection, so Native-AOT clean). Every failure is a one-line
/// <see cref="PgSnapException"/> naming the operation, bucket and key, never the credentials.
/// </summary>
/// <remarks>
/// Transient failures (no connection, a reset, a silent service, 5xx, 429 and 503 SlowDown) are retried with
/// exponential backoff (<see cref="S3ClientOptions.MaxAttempts"/>, <see cref="S3ClientOptions.RetryDelay"/>); a ranged
/// GET that breaks in the middle of its body resumes at the byte it reached. Permanent ones (403, 404, a wrong region)
/// fail at once: waiting does not fix them. Each request is signed again per attempt (the date is part of the signature).
/// </remarks>
public sealed class S3Client
{
    private readonly HttpClient _http;
    private readonly S3ClientOptions _options;

    public S3Client(HttpClient http, S3ClientOptions options)
    {
        _http = http;
        _options = options;
    }

    public S3ClientOptions Options => _options;

    public async Task<S3ObjectInfo> HeadObjectAsync(string bucket, string key, CancellationToken ct = default) =>
        await TryHeadObjectAsync(bucket, key, ct).ConfigureAwait(false)
        ?? throw Permanent("HEAD", bucket, key, 404, "NotFound", null);

    /// <summary>Size and ETag of the object, or null when HEAD answers 404 (no such key, or no such bucket: HEAD cannot tell).</summary>
    public Task<S3ObjectInfo?> TryHeadObjectAsync(string bucket, string key, CancellationToken ct = default) =>
        WithRetryAsync("HEAD", bucket, key, async (_, token) =>
        {
            using var response = await SendOnceAsync(HttpMethod.Head, bucket, key, [], null, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            await EnsureSuccessAsync(response, "HEAD", bucket, key, token).ConfigureAwait(false);
            return new S3ObjectInfo(key, response.Content.Headers.ContentLength ?? 0, response.Headers.ETag?.Tag ?? "");
        }, ct);

    /// <summary>
    /// HEAD on the bucket: throws the one-line NoSuchBucket error when it does not exist (a HEAD of an object cannot
    /// tell a missing bucket from a missing key), and the access or region error when it cannot be reached. With
    /// <paramref name="deniedIsUnknown"/>, a 403 returns false instead: a key allowed to write objects but not to
    /// list the bucket (HeadBucket needs s3:ListBucket) gets it too, and its writes will say whether they are allowed.
    /// </summary>
    public Task<bool> EnsureBucketAsync(string bucket, CancellationToken ct = default, bool deniedIsUnknown = false) =>
        WithRetryAsync("HEAD", bucket, "", async (_, token) =>
        {
            using var response = await SendOnceAsync(HttpMethod.Head, bucket, "", [], null, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw Permanent("HEAD", bucket, "", 404, "NoSuchBucket", null);
            }

            if (deniedIsUnknown && response.StatusCode == HttpStatusCode.Forbidden)
            {
                return false;
            }

            await EnsureSuccessAsync(response, "HEAD", bucket, "", token).ConfigureAwait(false);
            return true;
        }, ct);

    /// <summary>
    /// Whether the object exists, by HEAD: <see cref="S3Existence.Denied"/> for a 403, which a key allowed to write but
    /// not to read (s3:PutObject without s3:GetObject) gets; HEAD has no body, so it cannot say more.
    /// </summary>
    public Task<S3Existence> ObjectExistenceAsync(string bucket, string key, CancellationToken ct = default) =>
        WithRetryAsync("HEAD", bucket, key, async (_, token) =>
        {
            using var response = await SendOnceAsync(HttpMethod.Head, bucket, key, [], null, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotFound:
                    return S3Existence.Absent;
                case HttpStatusCode.Forbidden:
                    return S3Existence.Denied;
            }

            await EnsureSuccessAsync(response, "HEAD", bucket, key, token).ConfigureAwait(false);
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
        return WithRetryAsync("GET", bucket, key, async (_, token) =>
        {
            var first = offset + got;
            var last = offset + destination.Length - 1;
            using var response = await SendOnceAsync(HttpMethod.Get, bucket, key, [], null,
                new() { ["range"] = string.Create(CultureInfo.InvariantCulture, $"bytes={first}-{last}") },
                HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                return got;
            }

            await EnsureSuccessAsync(response, "GET", bucket, key, token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.PartialContent)
            {
                throw Fail("GET", bucket, key, $"asked for bytes {first}-{last} but the server answered {(int)response.StatusCode} instead of 206");
            }

            await using var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            while (got < destination.Length)
            {
                var n = await ReadIdleLimitedAsync(body, destination[got..], token).ConfigureAwait(false);
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
        WithRetryAsync("PUT", bucket, key, async (_, token) =>
        {
            using var response = await SendOnceAsync(HttpMethod.Put, bucket, key, [], body, ContentMd5(body.Span), HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, "PUT", bucket, key, token).ConfigureAwait(false);
            return response.Headers.ETag?.Tag ?? "";
        }, ct);

    public Task<string> CreateMultipartUploadAsync(string bucket, string key, CancellationToken ct = default) =>
        WithRetryAsync("CreateMultipartUpload", bucket, key, async (_, token) =>
        {
            using var response = await SendOnceAsync(HttpMethod.Post, bucket, key, [new("uploads", "")], ReadOnlyMemory<byte>.Empty, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, "CreateMultipartUpload", bucket, key, token).ConfigureAwait(false);
            var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(token).ConfigureAwait(false));
            return Child(xml.Root, "UploadId") ?? throw Fail("CreateMultipartUpload", bucket, key, "the answer has no UploadId");
        }, ct);

    /// <summary>Uploads one part with its Content-MD5, so the service refuses a part that arrives damaged.</summary>
    public Task<S3CompletedPart> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, ReadOnlyMemory<byte> body, CancellationToken ct = default)
    {
        var md5 = ContentMd5(body.Span);
        var operation = $"UploadPart {partNumber}";
        return WithRetryAsync(operation, bucket, key, async (_, token) =>
        {
            using var response = await SendOnceAsync(HttpMethod.Put, bucket, key,
                [new("partNumber", partNumber.ToString(CultureInfo.InvariantCulture)), new("uploadId", uploadId)], body, new(md5), HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, operation, bucket, key, token).ConfigureAwait(false);
            return new S3CompletedPart(partNumber, response.Headers.ETag?.Tag ?? throw Fail(operation, bucket, key, "the answer has no ETag"));
        }, ct);
    }

    public Task CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<S3CompletedPart> parts, CancellationToken ct = default)
    {
        var body = Encoding.UTF8.GetBytes(new XElement("CompleteMultipartUpload",
            parts.OrderBy(p => p.PartNumber).Select(p => new XElement("Part",
                new XElement("PartNumber", p.PartNumber.ToString(CultureInfo.InvariantCulture)),
                new XElement("ETag", p.ETag)))).ToString(SaveOptions.DisableFormatting));
        return WithRetryAsync("CompleteMultipartUpload", bucket, key, async (_, token) =>
        {
            using var response = await SendOnceAsync(HttpMethod.Post, bucket, key, [new("uploadId", uploadId)], body, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, "CompleteMultipartUpload", bucket, key, token).ConfigureAwait(false);

            // S3 can answer 200 and still report an error in the body of a CompleteMultipartUpload.
            var text = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
            if (text.Length > 0 && XDocument.Parse(text).Root is { Name.LocalName: "Error" } error)
            {
                var code = Child(error, "Code");
                if (code is "InternalError" or "SlowDown" or "ServiceUnavailable")
                {
                    throw new TransientS3Failure($"200 with {code} in the body");
                }

                throw Fail("CompleteMultipartUpload", bucket, key, $"{code}: {Child(error, "Message")}");
            }

            return true;
        }, ct);
    }

    public Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken ct = default) =>
        WithRetryAsync("AbortMultipartUpload", bucket, key, async (_, token) =>
        {
            using var response = await SendOnceAsync(HttpMethod.Delete, bucket, key, [new("uploadId", uploadId)], null, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, "AbortMultipartUpload", bucket, key, token).ConfigureAwait(false);
            return true;
        }, ct);

    public Task DeleteObjectAsync(string bucket, string key, CancellationToken ct = default) =>
        WithRetryAsync("DELETE", bucket, key, async (_, token) =>
        {
            using var response = await SendOnceAsync(HttpMethod.Delete, bucket, key, [], null, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, "DELETE", bucket, key, token).ConfigureAwait(false);
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

        return WithRetryAsync("LIST", bucket, prefix, async (_, token) =>
        {
            using var response = await SendOnceAsync(HttpMethod.Get, bucket, "", query, null, null, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, "LIST", bucket, prefix, token).ConfigureAwait(false);
            var root = XDocument.Parse(await response.Content.ReadAsStringAsync(token).ConfigureAwait(false)).Root!;
            var objects = root.Elements().Where(e => e.Name.LocalName == "Contents")
                .Select(c => new S3ObjectInfo(
                    Child(c, "Key") ?? "",
                    long.Parse(Child(c, "Size") ?? "0", CultureInfo.InvariantCulture),
                    Child(c, "ETag") ?? "")
                {
                    LastModified = DateTimeOffset.TryParse(Child(c, "LastModified"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var modified) ? modified : null,
                })
                .ToList();
            var truncated = string.Equals(Child(root, "IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);
            return new S3ListPage(objects, truncated ? Child(root, "NextContinuationToken") : null);
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

    /// <summary>
    /// Runs <paramref name="once"/> until it succeeds, fails permanently, or has used every attempt; waits
    /// <see cref="S3ClientOptions.RetryDelay"/> between attempts. Each attempt gets a token that also fires when the
    /// service stays silent for <see cref="S3ClientOptions.IdleTimeout"/> before answering.
    /// </summary>
    private async Task<T> WithRetryAsync<T>(string operation, string bucket, string key, Func<int, CancellationToken, Task<T>> once, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            try
            {
                return await once(attempt, ct).ConfigureAwait(false);
            }
            catch (TransientS3Failure e)
            {
                reason = e.Message;
            }
            catch (HttpRequestException e) when (!ct.IsCancellationRequested)
            {
                reason = e.Message;
            }
            catch (IOException e) when (!ct.IsCancellationRequested)
            {
                reason = e.Message;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                reason = $"no answer for {_options.IdleTimeout.TotalSeconds:0} s";
            }

            if (attempt >= _options.MaxAttempts)
            {
                throw new PgSnapException(PgSnapErrorKind.Connection, string.Create(CultureInfo.InvariantCulture,
                    $"S3 {operation} s3://{bucket}/{key} failed after {attempt} attempt{(attempt == 1 ? "" : "s")}: {OneLine(reason)}: check that {_options.Endpoint.Authority} is up and reachable (AWS_ENDPOINT_URL), then run again"));
            }

            await Task.Delay(_options.RetryDelay(attempt), _options.Clock, ct).ConfigureAwait(false);
        }
    }

    /// <summary>One read of a response body, failed as transient when the service sends nothing for the idle timeout.</summary>
    private async Task<int> ReadIdleLimitedAsync(Stream body, Memory<byte> buffer, CancellationToken ct)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        idle.CancelAfter(_options.IdleTimeout);
        return await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        HttpMethod method, string bucket, string key, IReadOnlyList<KeyValuePair<string, string>> query,
        ReadOnlyMemory<byte>? body, Dictionary<string, string>? extraHeaders, HttpCompletionOption completion, CancellationToken ct)
    {
        var endpoint = _options.Endpoint;
        var host = endpoint.IsDefaultPort ? endpoint.Host : endpoint.Authority;
        string path;
        if (_options.UsesPathStyle)
        {
            // A bucket-level call (LIST) addresses "/bucket", not "/bucket/", which names an object with an empty key.
            path = SigV4Signer.UriEncode(key.Length == 0 ? "/" + bucket : "/" + bucket + "/" + key, keepSlash: true);
        }
        else
        {
            host = bucket + "." + host;
            path = SigV4Signer.UriEncode("/" + key, keepSlash: true);
        }

        var canonicalQuery = SigV4Signer.CanonicalQuery(query);
        var headers = extraHeaders is null ? new Dictionary<string, string>() : new Dictionary<string, string>(extraHeaders);
        headers["host"] = host;
        var payloadHash = body is { } b ? SigV4Signer.PayloadHash(b.Span) : SigV4Signer.EmptyPayloadHash;
        var authorization = SigV4Signer.Sign(_options.Credentials, _options.Region, "s3", _options.Clock.GetUtcNow(),
            method.Method, path, canonicalQuery, headers, payloadHash);

        var uri = new Uri($"{endpoint.Scheme}://{host}{path}{(canonicalQuery.Length > 0 ? "?" + canonicalQuery : "")}");
        using var request = new HttpRequestMessage(method, uri);
        if (body is { } content)
        {
            request.Content = new ReadOnlyMemoryContent(content);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }

        foreach (var (name, value) in headers)
        {
            if (name == "host")
            {
                continue;
            }

            if (name == "content-md5")
            {
                request.Content!.Headers.TryAddWithoutValidation("Content-MD5", value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        idle.CancelAfter(_options.IdleTimeout);
        var response = await _http.SendAsync(request, completion, idle.Token).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status is 500 or 502 or 503 or 504 or 429)
        {
            // 503 SlowDown is S3's throttling; 500 InternalError and the gateway errors pass with time.
            var reason = $"{status} {response.ReasonPhrase}";
            response.Dispose();
            throw new TransientS3Failure(reason);
        }

        return response;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, string bucket, string key, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        // HEAD answers carry no body, so the status alone names the error there.
        string? code = null;
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (text.Length > 0)
        {
            try
            {
                code = Child(XDocument.Parse(text).Root, "Code");
            }
            catch (System.Xml.XmlException)
            {
                // Not S3's XML error document (a proxy's page): the status code says enough.
            }
        }

        var status = (int)response.StatusCode;
        if (code == "RequestTimeout")
        {
            // S3's 400 for a request body that stalled: sending it again is the documented remedy.
            throw new TransientS3Failure("400 RequestTimeout");
        }

        var region = response.Headers.TryGetValues("x-amz-bucket-region", out var regions) ? regions.FirstOrDefault() : null;
        code ??= status switch { 403 => "AccessDenied", 404 => "NotFound", 301 => "PermanentRedirect", _ => response.ReasonPhrase ?? "error" };
        throw Permanent(operation, bucket, key, status, code, region);
    }

    /// <summary>
    /// The one-line error of a failure that waiting does not fix, saying what to check. Its kind is the exit code:
    /// a missing object is a missing input (2, as for a file), access, bucket and region problems are about reaching
    /// the storage (3, as for a database connection).
    /// </summary>
    private static PgSnapException Permanent(string operation, string bucket, string key, int status, string code, string? region)
    {
        var (kind, meaning) = code switch
        {
            "NoSuchBucket" => (PgSnapErrorKind.Connection, $"the bucket '{bucket}' does not exist: check the bucket name and the endpoint (AWS_ENDPOINT_URL)"),
            "NoSuchKey" or "NotFound" => (PgSnapErrorKind.Usage, $"no object '{key}' in bucket '{bucket}'"),
            "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "InvalidToken" or "ExpiredToken" =>
                (PgSnapErrorKind.Connection, "access denied: check the access key, secret and session token (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN or AWS_PROFILE) and the bucket's policy"),
            "PermanentRedirect" or "AuthorizationHeaderMalformed" or "IllegalLocationConstraintException" =>
                (PgSnapErrorKind.Connection, $"the bucket '{bucket}' is in another region{(region is null ? "" : $" ({region})")}: set AWS_REGION{(region is null ? "" : "=" + region)} or the endpoint of that region"),
            "NoSuchUpload" => (PgSnapErrorKind.Failure, "the multipart upload does not exist (aborted or completed)"),
            _ => (PgSnapErrorKind.Failure, code),
        };
        return new PgSnapException(kind, $"S3 {operation} s3://{bucket}/{key} failed: {status} {code}: {meaning}");
    }

    private static Dictionary<string, string> ContentMd5(ReadOnlySpan<byte> body) => new()
    {
        ["content-md5"] = Convert.ToBase64String(MD5.HashData(body)),
    };

    private static PgSnapException Fail(string operation, string bucket, string key, string why) =>
        new(PgSnapErrorKind.Failure, $"S3 {operation} s3://{bucket}/{key} failed: {why}");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private static string? Child(XElement? parent, string localName) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;

    /// <summary>A failure worth another attempt (5xx, throttling, a stalled body), caught by the retry loop only.</summary>
    private sealed class TransientS3Failure(string message) : Exception(message);
}
