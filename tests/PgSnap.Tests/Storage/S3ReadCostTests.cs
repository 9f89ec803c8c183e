using System.Text.Json;
using PgSnap.Archive.Reading;
using PgSnap.Storage.S3;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Storage;

/// <summary>
/// What reading an archive in a bucket costs, counted as the bytes s3rver served through <see cref="CountingProxy"/>
/// (responses with their headers): <c>verify --quick</c> and <c>list</c> read the object's end and its header block
/// only, and a full restore (sequential and <c>-j 2</c>) reads each byte of the object once. <c>verify --quick</c>
/// also judges truncated and block-damaged copies, in the bucket and as local files.
/// </summary>
public sealed class S3ReadCostTests(S3rverFixture s3, ITestOutputHelper output) : IClassFixture<S3rverFixture>, IAsyncLifetime
{
    private TestServer _pg = null!;
    private string _big = null!;

    public async Task InitializeAsync()
    {
        _pg = await TestServer.GetAsync();
        _big = await _pg.CreateDatabaseAsync("s3_cost");
        await _pg.ExecuteAsync(_big, S3BackupTests.Big);
    }

    public async Task DisposeAsync() => await _pg.DropDatabaseAsync(_big);

    private S3Client Client() =>
        new(new HttpClient(), new S3ClientOptions(s3.Endpoint, "us-east-1", new S3Credentials(S3rverFixture.AccessKey, S3rverFixture.SecretKey)));

    private static Task<ProcessRunner.BinaryResult> RunAsync(IEnumerable<string> args, IDictionary<string, string?> env) =>
        PgSnapCli.Default.RunAsync(args, environment: env, timeout: TimeSpan.FromMinutes(3));

    private static async Task<ProcessRunner.BinaryResult> OkAsync(IEnumerable<string> args, IDictionary<string, string?> env)
    {
        var list = args.ToList();
        var result = await RunAsync(list, env);
        Assert.True(result.ExitCode == 0, $"pgsnap {string.Join(' ', list)} exited {result.ExitCode}: {result.StdErr}{result.StdOutText}");
        return result;
    }

    private Dictionary<string, string?> Through(CountingProxy proxy)
    {
        var env = s3.CliEnvironment();
        env["AWS_ENDPOINT_URL"] = proxy.Endpoint.ToString();
        return env;
    }

    [Fact]
    public async Task Verify_quick_and_list_read_only_the_ends_of_the_object_and_quick_judges_completeness_not_blocks()
    {
        const string url = "s3://testbucket/quick/big.sql";
        await OkAsync(["dump", "--url", _pg.UrlFor(_big), "-f", url, "--quiet"], s3.CliEnvironment());
        var client = Client();
        var size = (await client.HeadObjectAsync("testbucket", "quick/big.sql")).Size;
        var archive = await client.GetRangeAsync("testbucket", "quick/big.sql", 0, size - 1);
        Assert.True(size > 8_000_000, $"the test needs a multi-MB archive ({size} bytes)");

        await using var proxy = new CountingProxy(s3.Port);
        var quick = await OkAsync(["verify", "--quick", "--json", url], Through(proxy));
        var quickServed = proxy.BytesServed;
        using (var json = JsonDocument.Parse(quick.StdOutText))
        {
            Assert.True(json.RootElement.GetProperty("quick").GetBoolean());
            Assert.True(json.RootElement.GetProperty("complete").GetBoolean());
            Assert.Contains(json.RootElement.GetProperty("tables").EnumerateArray(), t => t.GetProperty("name").GetString() == "logs" && t.GetProperty("rows").GetInt64() == 30000);
        }

        proxy.Reset();
        var listed = await OkAsync(["list", url], Through(proxy));
        var listServed = proxy.BytesServed;
        Assert.Contains("from the manifest", listed.StdOutText, StringComparison.Ordinal);
        output.WriteLine($"object {size} bytes: verify --quick was served {quickServed} bytes ({100.0 * quickServed / size:0.00} %), list {listServed} bytes ({100.0 * listServed / size:0.00} %)");
        Assert.True(quickServed < size / 20, $"verify --quick was served {quickServed} bytes of a {size}-byte object");
        Assert.True(listServed < size / 20, $"list was served {listServed} bytes of a {size}-byte object");

        // A copy cut short (no completion marker) fails; a copy with a byte flipped inside a data block passes the
        // quick check (its blocks are not read) and fails the full one.
        long flipAt;
        var local = Path.Combine(Path.GetTempPath(), $"pgsnap-quick-{Guid.NewGuid():N}.sql");
        await File.WriteAllBytesAsync(local, archive);
        using (var index = (await ArchiveIndex.TryOpenAsync(local, CancellationToken.None))!)
        {
            var block = index.Manifest.Blocks.First(static b => b.Kind == "TABLE DATA" && b.Name == "logs");
            flipAt = block.Offset + (block.Length / 2);
        }

        var flipped = Flip(archive, flipAt);
        var cut = archive.AsMemory(0, archive.Length - 1000);
        await client.PutObjectAsync("testbucket", "quick/cut.sql", cut);
        await client.PutObjectAsync("testbucket", "quick/flipped.sql", flipped);
        var localCut = local + ".cut.sql";
        var localFlipped = local + ".flipped.sql";
        await File.WriteAllBytesAsync(localCut, cut.ToArray());
        await File.WriteAllBytesAsync(localFlipped, flipped);
        try
        {
            foreach (var (cutInput, flippedInput) in new[] { ("s3://testbucket/quick/cut.sql", "s3://testbucket/quick/flipped.sql"), (localCut, localFlipped) })
            {
                var incomplete = await RunAsync(["verify", "--quick", cutInput], s3.CliEnvironment());
                Assert.True(incomplete.ExitCode == 4, $"verify --quick of {cutInput} exited {incomplete.ExitCode}: {incomplete.StdOutText}{incomplete.StdErr}");
                Assert.Contains("FAIL incomplete: no completion marker", incomplete.StdOutText, StringComparison.Ordinal);

                await OkAsync(["verify", "--quick", flippedInput], s3.CliEnvironment());
                var full = await RunAsync(["verify", flippedInput], s3.CliEnvironment());
                Assert.True(full.ExitCode == 4, $"verify of {flippedInput} exited {full.ExitCode}: {full.StdOutText}{full.StdErr}");
                Assert.Contains("FAIL checksum", full.StdOutText, StringComparison.Ordinal);
            }

            await OkAsync(["verify", "--quick", local], s3.CliEnvironment());
        }
        finally
        {
            File.Delete(local);
            File.Delete(localCut);
            File.Delete(localFlipped);
        }
    }

    /// <summary>A copy of <paramref name="archive"/> with one hex digit of a row changed at or after <paramref name="at"/>: the row still parses, only the checksum can tell.</summary>
    private static byte[] Flip(byte[] archive, long at)
    {
        static bool Hex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f');
        var i = at;
        while (!(Hex(archive[i - 1]) && Hex(archive[i]) && Hex(archive[i + 1])))
        {
            i++;
        }

        var copy = (byte[])archive.Clone();
        copy[i] = (byte)(copy[i] == (byte)'a' ? 'b' : 'a');
        return copy;
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task A_damaged_data_block_in_a_bucket_stops_the_restore_before_its_rows_are_committed(string jobs)
    {
        var key = $"damaged/big-j{jobs}.sql";
        await OkAsync(["dump", "--url", _pg.UrlFor(_big), "-f", "s3://testbucket/" + key, "--quiet", "--force"], s3.CliEnvironment());
        var client = Client();
        var size = (await client.HeadObjectAsync("testbucket", key)).Size;
        var archive = await client.GetRangeAsync("testbucket", key, 0, size - 1);
        var local = Path.Combine(Path.GetTempPath(), $"pgsnap-damaged-{Guid.NewGuid():N}.sql");
        await File.WriteAllBytesAsync(local, archive);
        PgSnap.Archive.Manifest.BlockRecord block;
        using (var index = (await ArchiveIndex.TryOpenAsync(local, CancellationToken.None))!)
        {
            // The last block of app.logs: the blocks before it are in the same COPY (one worker, or one connection).
            block = index.Manifest.Blocks.Last(static b => b.Kind == "TABLE DATA" && b.Name == "logs");
        }

        File.Delete(local);
        await client.PutObjectAsync("testbucket", key, Flip(archive, block.Offset + (block.Length / 2)));

        // A dry run reads the rows too (to print their COPY): it checks them as the restore does.
        var dry = await RunAsync(["restore", "s3://testbucket/" + key, "--dry-run"], s3.CliEnvironment());
        Assert.True(dry.ExitCode == 4, $"restore --dry-run exited {dry.ExitCode}: {dry.StdErr}");
        Assert.Contains("fails its checksum", dry.StdErr, StringComparison.Ordinal);

        var target = await _pg.CreateDatabaseAsync($"s3_damaged_{jobs}");
        var result = await RunAsync(["restore", "s3://testbucket/" + key, "--url", _pg.UrlFor(target), "-j", jobs, "--quiet"], s3.CliEnvironment());
        output.WriteLine(result.StdErr);
        Assert.True(result.ExitCode == 4, $"restore exited {result.ExitCode}: {result.StdErr}");
        Assert.Contains($"block {block.Id} (TABLE DATA app.logs", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("fails its checksum", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("the restore stopped before this block's rows were committed", result.StdErr, StringComparison.Ordinal);
        var rows = await _pg.ScalarAsync<long?>(target, "SELECT CASE WHEN to_regclass('app.logs') IS NULL THEN NULL ELSE (SELECT count(*) FROM app.logs) END");
        Assert.True(rows is null or < 30000, $"app.logs holds {rows} rows: the damaged block's rows were committed");
        await _pg.DropDatabaseAsync(target);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task A_full_restore_from_a_bucket_reads_each_byte_of_the_object_once(string jobs)
    {
        var key = $"once/big-j{jobs}.sql.gz";
        await OkAsync(["dump", "--url", _pg.UrlFor(_big), "-f", "s3://testbucket/" + key, "--quiet", "--force"], s3.CliEnvironment());
        var size = (await Client().HeadObjectAsync("testbucket", key)).Size;

        await using var proxy = new CountingProxy(s3.Port);
        var target = await _pg.CreateDatabaseAsync($"s3_once_{jobs}");
        await OkAsync(["restore", "s3://testbucket/" + key, "--url", _pg.UrlFor(target), "-j", jobs, "--quiet"], Through(proxy));
        var served = proxy.BytesServed;
        output.WriteLine($"restore -j {jobs}: the server served {served} bytes for a {size}-byte object ({(double)served / size:0.000}×)");
        Assert.Equal(30000L, await _pg.ScalarAsync<long>(target, "SELECT count(*) FROM app.logs"));
        Assert.Equal(10000L, await _pg.ScalarAsync<long>(target, "SELECT count(*) FROM app.events"));
        await _pg.DropDatabaseAsync(target);
        // The manifest is read once more (the footer points to it, then the text ends with it); HTTP headers are the rest.
        Assert.True(served <= (size * 1.05) + (64 << 10), $"served {served} bytes for a {size}-byte object: blocks were fetched more than once");
    }
}
