using System.Net.Http.Headers;

namespace PgSnap.Storage.S3;

/// <summary>
/// One attempt of an S3 request: addressed path-style or virtual-host style, signed by <see cref="SigV4Signer"/> (again
/// per attempt: the date is part of the signature), sent with the idle timeout; a 5xx or 429 answer is turned into an
/// <see cref="S3TransientFailure"/> for <see cref="S3Retry"/>.
/// </summary>
internal sealed class S3RequestSender(HttpClient http, S3ClientOptions options)
{
    /// <summary>Sends one request; the caller disposes the response.</summary>
    public async Task<HttpResponseMessage> SendOnceAsync(
        HttpMethod method, string bucket, string key, IReadOnlyList<KeyValuePair<string, string>> query,
        ReadOnlyMemory<byte>? body, Dictionary<string, string>? extraHeaders, HttpCompletionOption completion, CancellationToken ct)
    {
        var endpoint = options.Endpoint;
        var host = endpoint.IsDefaultPort ? endpoint.Host : endpoint.Authority;
        string path;
        if (options.UsesPathStyle)
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
        var authorization = SigV4Signer.Sign(options.Credentials, options.Region, "s3", options.Clock.GetUtcNow(),
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
        idle.CancelAfter(options.IdleTimeout);
        var response = await http.SendAsync(request, completion, idle.Token).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status is 500 or 502 or 503 or 504 or 429)
        {
            // 503 SlowDown is S3's throttling; 500 InternalError and the gateway errors pass with time.
            var reason = $"{status} {response.ReasonPhrase}";
            response.Dispose();
            throw new S3TransientFailure(reason);
        }

        return response;
    }

    /// <summary>One read of a response body, failed as transient when the service sends nothing for the idle timeout.</summary>
    public async Task<int> ReadIdleLimitedAsync(Stream body, Memory<byte> buffer, CancellationToken ct)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        idle.CancelAfter(options.IdleTimeout);
        return await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
    }
}
