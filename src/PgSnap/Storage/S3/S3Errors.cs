using System.Xml.Linq;

namespace PgSnap.Storage.S3;

/// <summary>
/// What an S3 answer that is not a success means: a transient failure worth another attempt, or the one-line
/// <see cref="PgSnapException"/> naming the operation, bucket and key (never the credentials) and what to check.
/// </summary>
internal static class S3Errors
{
    /// <summary>Returns for a success status; else throws the failure the answer's status and error code name.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, string bucket, string key, CancellationToken ct)
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
                code = S3Xml.Child(XDocument.Parse(text).Root, "Code");
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
            throw new S3TransientFailure("400 RequestTimeout");
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
    public static PgSnapException Permanent(string operation, string bucket, string key, int status, string code, string? region)
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

    /// <summary>A failure of <paramref name="operation"/> that the answer itself explains (<paramref name="why"/>).</summary>
    public static PgSnapException Fail(string operation, string bucket, string key, string why) =>
        new(PgSnapErrorKind.Failure, $"S3 {operation} s3://{bucket}/{key} failed: {why}");
}
