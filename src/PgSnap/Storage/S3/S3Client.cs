using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace PgSnap.Storage.S3;

/// <summary>
/// The few S3 calls PgSnap needs, over HttpClient and signed by <see cref="SigV4Signer"/>; XML is read with
/// System.Xml.Linq (no serializer, no reflection, so Native-AOT clean). Every failure is a one-line
/// <see cref="PgSnapException"/> naming the operation, bucket and key, never the credentials.
/// </summary>
public sealed class S3Client
{
    private readonly HttpClient _http;
    private readonly S3ClientOptions _options;

    public S3Client(HttpClient http, S3ClientOptions options)
    {
        _http = http;
        _options = options;
    }

    public async Task<S3ObjectInfo> HeadObjectAsync(string bucket, string key, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Head, bucket, key, [], null, null, ct);
        await EnsureSuccessAsync(response, "HEAD", bucket, key, ct);
        return new S3ObjectInfo(key, response.Content.Headers.ContentLength ?? 0, response.Headers.ETag?.Tag ?? "");
    }

    /// <summary>Bytes <paramref name="first"/> through <paramref name="last"/> inclusive (an explicit bytes=a-b range).</summary>
    public async Task<byte[]> GetRangeAsync(string bucket, string key, long first, long last, CancellationToken ct = default)
    {
        if (first < 0 || last < first)
        {
            throw new ArgumentOutOfRangeException(nameof(last), $"bad range {first}-{last}");
        }

        using var response = await SendAsync(HttpMethod.Get, bucket, key, [], null,
            new() { ["range"] = $"bytes={first.ToString(CultureInfo.InvariantCulture)}-{last.ToString(CultureInfo.InvariantCulture)}" }, ct);
        await EnsureSuccessAsync(response, "GET", bucket, key, ct);
        if (response.StatusCode != HttpStatusCode.PartialContent)
        {
            throw Fail("GET", bucket, key, $"asked for bytes {first}-{last} but the server answered {(int)response.StatusCode} instead of 206");
        }

        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    public async Task<string> PutObjectAsync(string bucket, string key, ReadOnlyMemory<byte> body, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Put, bucket, key, [], body, null, ct);
        await EnsureSuccessAsync(response, "PUT", bucket, key, ct);
        return response.Headers.ETag?.Tag ?? "";
    }

    public async Task<string> CreateMultipartUploadAsync(string bucket, string key, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Post, bucket, key, [new("uploads", "")], ReadOnlyMemory<byte>.Empty, null, ct);
        await EnsureSuccessAsync(response, "CreateMultipartUpload", bucket, key, ct);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return Child(xml.Root, "UploadId") ?? throw Fail("CreateMultipartUpload", bucket, key, "the answer has no UploadId");
    }

    public async Task<S3CompletedPart> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, ReadOnlyMemory<byte> body, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Put, bucket, key,
            [new("partNumber", partNumber.ToString(CultureInfo.InvariantCulture)), new("uploadId", uploadId)], body, null, ct);
        await EnsureSuccessAsync(response, $"UploadPart {partNumber}", bucket, key, ct);
        return new S3CompletedPart(partNumber, response.Headers.ETag?.Tag ?? throw Fail($"UploadPart {partNumber}", bucket, key, "the answer has no ETag"));
    }

    public async Task CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<S3CompletedPart> parts, CancellationToken ct = default)
    {
        var body = new XElement("CompleteMultipartUpload",
            parts.OrderBy(p => p.PartNumber).Select(p => new XElement("Part",
                new XElement("PartNumber", p.PartNumber.ToString(CultureInfo.InvariantCulture)),
                new XElement("ETag", p.ETag))));
        using var response = await SendAsync(HttpMethod.Post, bucket, key, [new("uploadId", uploadId)],
            Encoding.UTF8.GetBytes(body.ToString(SaveOptions.DisableFormatting)), null, ct);
        await EnsureSuccessAsync(response, "CompleteMultipartUpload", bucket, key, ct);

        // S3 can answer 200 and still report an error in the body of a CompleteMultipartUpload.
        var text = await response.Content.ReadAsStringAsync(ct);
        if (text.Length > 0 && XDocument.Parse(text).Root is { Name.LocalName: "Error" } error)
        {
            throw Fail("CompleteMultipartUpload", bucket, key, $"{Child(error, "Code")}: {Child(error, "Message")}");
        }
    }

    public async Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, bucket, key, [new("uploadId", uploadId)], null, null, ct);
        await EnsureSuccessAsync(response, "AbortMultipartUpload", bucket, key, ct);
    }

    public async Task DeleteObjectAsync(string bucket, string key, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, bucket, key, [], null, null, ct);
        await EnsureSuccessAsync(response, "DELETE", bucket, key, ct);
    }

    /// <summary>One page of LIST objects v2 under <paramref name="prefix"/>.</summary>
    public async Task<S3ListPage> ListObjectsPageAsync(string bucket, string prefix, int maxKeys, string? continuationToken, CancellationToken ct = default)
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

        using var response = await SendAsync(HttpMethod.Get, bucket, "", query, null, null, ct);
        await EnsureSuccessAsync(response, "LIST", bucket, prefix, ct);
        var root = XDocument.Parse(await response.Content.ReadAsStringAsync(ct)).Root!;
        var objects = root.Elements().Where(e => e.Name.LocalName == "Contents")
            .Select(c => new S3ObjectInfo(
                Child(c, "Key") ?? "",
                long.Parse(Child(c, "Size") ?? "0", CultureInfo.InvariantCulture),
                Child(c, "ETag") ?? ""))
            .ToList();
        var truncated = string.Equals(Child(root, "IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);
        return new S3ListPage(objects, truncated ? Child(root, "NextContinuationToken") : null);
    }

    /// <summary>Every object under <paramref name="prefix"/>, following continuation tokens page by page.</summary>
    public async IAsyncEnumerable<S3ObjectInfo> ListObjectsAsync(string bucket, string prefix, int pageSize = 1000,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        string? token = null;
        do
        {
            var page = await ListObjectsPageAsync(bucket, prefix, pageSize, token, ct);
            foreach (var o in page.Objects)
            {
                yield return o;
            }

            token = page.NextContinuationToken;
        }
        while (token is not null);
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string bucket, string key, IReadOnlyList<KeyValuePair<string, string>> query,
        ReadOnlyMemory<byte>? body, Dictionary<string, string>? extraHeaders, CancellationToken ct)
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
        var headers = extraHeaders ?? [];
        headers["host"] = host;
        var payloadHash = body is { } b ? SigV4Signer.PayloadHash(b.Span) : SigV4Signer.EmptyPayloadHash;
        var authorization = SigV4Signer.Sign(_options.Credentials, _options.Region, "s3", _options.Clock.GetUtcNow(),
            method.Method, path, canonicalQuery, headers, payloadHash);

        var uri = new Uri($"{endpoint.Scheme}://{host}{path}{(canonicalQuery.Length > 0 ? "?" + canonicalQuery : "")}");
        var request = new HttpRequestMessage(method, uri);
        foreach (var (name, value) in headers)
        {
            if (name != "host")
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (body is { } content)
        {
            request.Content = new ReadOnlyMemoryContent(content);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }

        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new PgSnapException(PgSnapErrorKind.Connection, $"S3 {method.Method} s3://{bucket}/{key}: cannot reach {endpoint.Authority}: {e.Message}", e);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, string bucket, string key, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        // HEAD answers carry no body, so the status alone names the error there.
        string? code = null;
        var text = await response.Content.ReadAsStringAsync(ct);
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
        code ??= status switch { 403 => "AccessDenied", 404 => "NotFound", _ => response.ReasonPhrase ?? "error" };
        var meaning = code switch
        {
            "NoSuchBucket" => $"the bucket '{bucket}' does not exist",
            "NoSuchKey" or "NotFound" => $"no object '{key}' in bucket '{bucket}'",
            "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" => "access denied: check the access key, secret and the bucket's policy",
            "NoSuchUpload" => "the multipart upload does not exist (aborted or completed)",
            _ => code,
        };
        var kind = status == 403 ? PgSnapErrorKind.Connection : PgSnapErrorKind.Failure;
        throw new PgSnapException(kind, $"S3 {operation} s3://{bucket}/{key} failed: {status} {code}: {meaning}");
    }

    private static PgSnapException Fail(string operation, string bucket, string key, string why) =>
        new(PgSnapErrorKind.Failure, $"S3 {operation} s3://{bucket}/{key} failed: {why}");

    private static string? Child(XElement? parent, string localName) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;
}
