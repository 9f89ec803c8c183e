using PgSnap.Storage.S3;
using Xunit;

namespace PgSnap.Tests.Storage;

/// <summary>
/// The S3 client against a real S3-compatible server (s3rver). What s3rver cannot prove, and these tests therefore
/// do not claim: it does not check secrets (a request signed with a wrong secret succeeds), so neither a correct
/// signature nor the 403 mapping is proven by a server here (the signature is proven against AWS's published example
/// in SigV4SignerTests); it does not implement AbortMultipartUpload, so
/// abort is not tested here; it answers suffix ranges (bytes=-N) wrongly, so only explicit bytes=a-b ranges are
/// used (the only kind the client sends); addressing here is path-style (loopback), virtual-host style is covered by
/// no server test.
/// </summary>
public sealed class S3ClientTests : IClassFixture<S3rverFixture>
{
    private const string Bucket = "testbucket";
    private readonly S3rverFixture _server;

    public S3ClientTests(S3rverFixture server) => _server = server;

    private S3Client Client(string secret = S3rverFixture.SecretKey) =>
        new(new HttpClient(), new S3ClientOptions(_server.Endpoint, "us-east-1", new S3Credentials(S3rverFixture.AccessKey, secret)));

    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task PutThenRangedGetReturnsExactlyThoseBytes()
    {
        var data = Bytes(100_000, 1);
        var client = Client();
        await client.PutObjectAsync(Bucket, "dir one/put+range.bin", data);

        var slice = await client.GetRangeAsync(Bucket, "dir one/put+range.bin", 12_345, 67_889);

        Assert.Equal(data.AsSpan(12_345, 55_545).ToArray(), slice);
        Assert.Equal(100_000, (await client.HeadObjectAsync(Bucket, "dir one/put+range.bin")).Size);
    }

    [Fact]
    public async Task MultipartUploadOfThreePartsHasTheSumAsSize()
    {
        var client = Client();
        var parts = new[] { Bytes(5 * 1024 * 1024, 2), Bytes(5 * 1024 * 1024, 3), Bytes(1234, 4) };
        var uploadId = await client.CreateMultipartUploadAsync(Bucket, "multi.bin");
        var done = new List<S3CompletedPart>();
        for (var i = 0; i < parts.Length; i++)
        {
            done.Add(await client.UploadPartAsync(Bucket, "multi.bin", uploadId, i + 1, parts[i]));
        }

        await client.CompleteMultipartUploadAsync(Bucket, "multi.bin", uploadId, done);

        var head = await client.HeadObjectAsync(Bucket, "multi.bin");
        Assert.Equal(5L * 1024 * 1024 * 2 + 1234, head.Size);
        var boundary = await client.GetRangeAsync(Bucket, "multi.bin", 5 * 1024 * 1024 - 2, 5 * 1024 * 1024 + 1);
        Assert.Equal(new[] { parts[0][^2], parts[0][^1], parts[1][0], parts[1][1] }, boundary);
    }

    [Fact]
    public async Task ListFollowsContinuationTokensThenDeleteRemoves()
    {
        var client = Client();
        var keys = Enumerable.Range(0, 7).Select(i => $"list/k{i}").ToList();
        foreach (var k in keys)
        {
            await client.PutObjectAsync(Bucket, k, new byte[] { 1, 2, 3 });
        }

        var first = await client.ListObjectsPageAsync(Bucket, "list/", 3, null);
        Assert.Equal(3, first.Objects.Count);
        Assert.NotNull(first.NextContinuationToken);

        var all = new List<string>();
        await foreach (var o in client.ListObjectsAsync(Bucket, "list/", pageSize: 3))
        {
            all.Add(o.Key);
            Assert.Equal(3, o.Size);
        }

        Assert.Equal(keys, all.Order(StringComparer.Ordinal));

        await client.DeleteObjectAsync(Bucket, "list/k3");
        var after = new List<string>();
        await foreach (var o in client.ListObjectsAsync(Bucket, "list/", pageSize: 3))
        {
            after.Add(o.Key);
        }

        Assert.DoesNotContain("list/k3", after);
        Assert.Equal(6, after.Count);
    }

    [Fact]
    public async Task MissingBucketAndMissingKeyAreOneLineErrors()
    {
        var client = Client();
        var noBucket = await Assert.ThrowsAsync<PgSnapException>(() => client.GetRangeAsync("nobucket", "a.bin", 0, 9));
        Assert.Equal("S3 GET s3://nobucket/a.bin failed: 404 NoSuchBucket: the bucket 'nobucket' does not exist: check the bucket name and the endpoint (AWS_ENDPOINT_URL)", noBucket.Message);

        var noKey = await Assert.ThrowsAsync<PgSnapException>(() => client.GetRangeAsync(Bucket, "missing.bin", 0, 9));
        Assert.Equal("S3 GET s3://testbucket/missing.bin failed: 404 NoSuchKey: no object 'missing.bin' in bucket 'testbucket'", noKey.Message);

        var headMissing = await Assert.ThrowsAsync<PgSnapException>(() => client.HeadObjectAsync(Bucket, "missing.bin"));
        Assert.Equal("S3 HEAD s3://testbucket/missing.bin failed: 404 NotFound: no object 'missing.bin' in bucket 'testbucket'", headMissing.Message);
    }
}
