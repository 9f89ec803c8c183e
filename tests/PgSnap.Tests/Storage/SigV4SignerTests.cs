using PgSnap.Storage.S3;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Storage;

/// <summary>
/// The signer against the GET object example AWS publishes for S3 header-based SigV4 authentication
/// (AmazonS3 developer guide, "Signature calculations for the Authorization header", example "GET Object"):
/// bucket examplebucket, key test.txt, Range bytes=0-9, 24 May 2013 00:00:00 UTC, us-east-1, the documented
/// example keys. The expected signature is the one the guide prints.
/// </summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class SigV4SignerTests
{
    private static readonly S3Credentials ExampleKeys = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    [Fact]
    public void AwsGetObjectExampleGivesThePublishedSignature()
    {
        var headers = new Dictionary<string, string>
        {
            ["Host"] = "examplebucket.s3.amazonaws.com",
            ["Range"] = "bytes=0-9",
        };

        var authorization = SigV4Signer.Sign(
            ExampleKeys, "us-east-1", "s3", new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero),
            "GET", "/test.txt", "", headers, SigV4Signer.EmptyPayloadHash);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
            + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
            authorization);
        Assert.Equal("20130524T000000Z", headers["x-amz-date"]);
        Assert.Equal(SigV4Signer.EmptyPayloadHash, headers["x-amz-content-sha256"]);
        Assert.False(headers.ContainsKey("x-amz-security-token"));
    }

    [Fact]
    public void EmptyPayloadHashIsSha256OfNothing() =>
        Assert.Equal(SigV4Signer.EmptyPayloadHash, SigV4Signer.PayloadHash([]));

    [Fact]
    public void SessionTokenIsSentAndSigned()
    {
        var headers = new Dictionary<string, string> { ["host"] = "examplebucket.s3.amazonaws.com" };
        var authorization = SigV4Signer.Sign(
            ExampleKeys with { SessionToken = "token-value" }, "us-east-1", "s3", new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero),
            "GET", "/test.txt", "", headers, SigV4Signer.UnsignedPayload);

        Assert.Equal("token-value", headers["x-amz-security-token"]);
        Assert.Equal(SigV4Signer.UnsignedPayload, headers["x-amz-content-sha256"]);
        Assert.Contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void CanonicalQueryIsEncodedAndSorted() =>
        Assert.Equal(
            "continuation-token=a%2Bb%2Fc%3D&list-type=2&prefix=dir%20one%2F",
            SigV4Signer.CanonicalQuery([new("prefix", "dir one/"), new("list-type", "2"), new("continuation-token", "a+b/c=")]));

    [Fact]
    public void KeyPathKeepsSlashesAndEncodesTheRest() =>
        Assert.Equal("/backups/2026-12-07/db%20dump%2B1.sql.gz", SigV4Signer.UriEncode("/backups/2026-12-07/db dump+1.sql.gz", keepSlash: true));

    [Fact]
    public void CredentialsNeverPrintTheSecretOrToken()
    {
        var text = (ExampleKeys with { SessionToken = "token-value" }).ToString();
        Assert.Contains("AKIAIOSFODNN7EXAMPLE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("wJalrXUtnFEMI", text, StringComparison.Ordinal);
        Assert.DoesNotContain("token-value", text, StringComparison.Ordinal);
    }
}
