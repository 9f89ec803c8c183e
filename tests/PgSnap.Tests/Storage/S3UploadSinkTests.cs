using PgSnap.Storage.S3;
using Xunit;

namespace PgSnap.Tests.Storage;

/// <summary>
/// The streaming multipart upload against s3rver. s3rver does not implement AbortMultipartUpload (it answers
/// 405 MethodNotAllowed): the abort test checks that the sink reports that as a service lacking abort would be reported
/// (no object, the parts left to a lifecycle rule), and cannot prove that a real abort removes the parts.
/// </summary>
public sealed class S3UploadSinkTests : IClassFixture<S3rverFixture>
{
    private const string Bucket = "testbucket";
    private const int MiB = 1 << 20;
    private readonly S3rverFixture _server;

    public S3UploadSinkTests(S3rverFixture server) => _server = server;

    private S3Client Client() =>
        new(new HttpClient(), new S3ClientOptions(_server.Endpoint, "us-east-1", new S3Credentials(S3rverFixture.AccessKey, S3rverFixture.SecretKey)) { MaxAttempts = 2 });

    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task Parts_are_cut_at_write_boundaries_and_the_object_appears_only_on_commit()
    {
        var client = Client();
        var location = new S3Location(Bucket, "sink/multi.bin");
        var data = Bytes(16 * MiB, 7);
        int partCount;
        await using (var sink = await S3UploadSink.CreateAsync(client, location, overwrite: false, CancellationToken.None, partSize: 5 * MiB))
        {
            // Four 4 MiB "blocks": a part is cut at the first block end at or past 5 MiB, so two parts of 8 MiB
            // (a cutter blind to blocks would send 5 + 5 + 5 + 1).
            for (var i = 0; i < 4; i++)
            {
                await sink.Stream.WriteAsync(data.AsMemory(i * 4 * MiB, 4 * MiB));
            }

            Assert.Null(await client.TryHeadObjectAsync(Bucket, location.Key));
            await sink.CommitAsync(CancellationToken.None);
            Assert.Equal(16L * MiB, sink.BytesStored);
            Assert.Equal(4L * (10 * MiB), sink.MaxBufferedBytes);
            partCount = sink.PartCount;
        }

        var head = await client.HeadObjectAsync(Bucket, location.Key);
        Assert.Equal(16L * MiB, head.Size);
        Assert.Equal(2, partCount);
        Assert.Equal(data, await client.GetRangeAsync(Bucket, location.Key, 0, data.Length - 1));
    }

    [Fact]
    public async Task A_small_archive_is_one_put_and_an_existing_object_is_refused_without_force()
    {
        var client = Client();
        var location = new S3Location(Bucket, "sink/small.bin");
        var data = Bytes(1000, 8);
        await using (var sink = await S3UploadSink.CreateAsync(client, location, overwrite: false, CancellationToken.None))
        {
            await sink.Stream.WriteAsync(data);
            await sink.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(data, await client.GetRangeAsync(Bucket, location.Key, 0, 999));
        var refused = await Assert.ThrowsAsync<PgSnapException>(() => S3UploadSink.CreateAsync(client, location, overwrite: false, CancellationToken.None));
        Assert.Equal(PgSnapErrorKind.Refused, refused.Kind);
        Assert.Equal("s3://testbucket/sink/small.bin already exists (use --force to replace it)", refused.Message);
        await using var forced = await S3UploadSink.CreateAsync(client, location, overwrite: true, CancellationToken.None);
    }

    [Fact]
    public async Task Disposing_without_commit_leaves_no_object_and_says_the_service_would_not_abort()
    {
        var client = Client();
        var location = new S3Location(Bucket, "sink/aborted.bin");
        var sink = await S3UploadSink.CreateAsync(client, location, overwrite: false, CancellationToken.None, partSize: 5 * MiB);
        await sink.Stream.WriteAsync(Bytes(6 * MiB, 9));
        await sink.Stream.WriteAsync(Bytes(6 * MiB, 10));
        await sink.DisposeAsync();

        Assert.Null(await client.TryHeadObjectAsync(Bucket, location.Key));
        // s3rver lacks AbortMultipartUpload: a real service without it is reported the same way.
        Assert.NotNull(sink.AbortFailure);
        Assert.Contains("AbortMultipartUpload s3://testbucket/sink/aborted.bin failed: 405 MethodNotAllowed", sink.AbortFailure, StringComparison.Ordinal);
        Assert.Contains("no object was created", sink.AbortFailure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Past_the_part_limit_the_dump_stops_naming_the_size_reached()
    {
        var client = Client();
        var location = new S3Location(Bucket, "sink/too-big.bin");
        await using var sink = await S3UploadSink.CreateAsync(client, location, overwrite: false, CancellationToken.None, partSize: 5 * MiB, maxParts: 2);
        var failure = await Assert.ThrowsAsync<PgSnapException>(async () =>
        {
            for (var i = 0; i < 4; i++)
            {
                await sink.Stream.WriteAsync(Bytes(6 * MiB, i));
            }
        });

        Assert.Equal(PgSnapErrorKind.Failure, failure.Kind);
        Assert.Equal(
            "s3://testbucket/sink/too-big.bin: the archive reached 18,874,368 bytes and needs more than 2 parts of 5 MiB, the most S3 allows in one object; nothing was created: dump to a local file and upload it with a larger part size, or split the dump (-n/-t)",
            failure.Message);
    }

    [Fact]
    public async Task A_missing_bucket_is_refused_before_anything_is_read()
    {
        var failure = await Assert.ThrowsAsync<PgSnapException>(() =>
            S3UploadSink.CreateAsync(Client(), new S3Location("nobucket", "x.sql.gz"), overwrite: false, CancellationToken.None));
        Assert.Equal(PgSnapErrorKind.Connection, failure.Kind);
        Assert.Equal("S3 HEAD s3://nobucket/ failed: 404 NoSuchBucket: the bucket 'nobucket' does not exist: check the bucket name and the endpoint (AWS_ENDPOINT_URL)", failure.Message);
    }
}
