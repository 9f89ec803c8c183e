using System.Diagnostics;
using System.Text.Json;
using PgSnap.Archive.Reading;
using PgSnap.Storage.S3;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Storage;

/// <summary>
/// Backups in object storage end to end: the CLI, as a user runs it, dumping to and restoring, verifying and listing
/// from s3rver with the AWS variables only. The one-table restore counts the bytes the server served through a
/// counting proxy. What s3rver cannot prove: it does not check secrets (a wrong secret with a known key passes), so
/// the 403 here is an access key it does not know; it lacks AbortMultipartUpload (S3UploadSinkTests).
/// </summary>
public sealed class S3BackupTests(S3rverFixture s3, ITestOutputHelper output) : IClassFixture<S3rverFixture>, IAsyncLifetime
{
    /// <summary>A secret no output may ever show.</summary>
    private const string MarkerSecret = "pgsnap-marker-secret-5f3c9a";

    // app.logs (~9 MB, three 4 MiB blocks) is three times app.events: a one-table restore of app.events, which reads
    // its blocks twice (checked, then restored), still serves less than app.logs alone.
    internal const string Big = """
        CREATE SCHEMA app;
        CREATE TABLE app.events (id bigint PRIMARY KEY, kind text NOT NULL, payload text);
        INSERT INTO app.events SELECT g, CASE WHEN g % 3 = 0 THEN 'view' ELSE 'click' END, md5(g::text) || repeat(md5((g * 7)::text), 8) FROM generate_series(1, 10000) g;
        CREATE TABLE app.logs (id bigint PRIMARY KEY, line text);
        INSERT INTO app.logs SELECT g, md5(g::text) || repeat(md5((g * 3)::text), 8) FROM generate_series(1, 30000) g;
        CREATE TABLE public.small (v int);
        INSERT INTO public.small VALUES (1), (2);
        """;

    private TestServer _pg = null!;
    private string _big = null!;

    public async Task InitializeAsync()
    {
        _pg = await TestServer.GetAsync();
        _big = await _pg.CreateDatabaseAsync("s3_big");
        await _pg.ExecuteAsync(_big, Big);
    }

    public async Task DisposeAsync() => await _pg.DropDatabaseAsync(_big);

    private Task<ProcessRunner.BinaryResult> RunAsync(IEnumerable<string> args, IDictionary<string, string?>? env = null) =>
        PgSnapCli.Default.RunAsync(args, environment: env ?? s3.CliEnvironment(secret: MarkerSecret), timeout: TimeSpan.FromMinutes(3));

    private static void AssertNoSecret(ProcessRunner.BinaryResult result)
    {
        Assert.DoesNotContain(MarkerSecret, result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(MarkerSecret, result.StdOutText, StringComparison.Ordinal);
    }

    private async Task<ProcessRunner.BinaryResult> OkAsync(IEnumerable<string> args, IDictionary<string, string?>? env = null)
    {
        var list = args.ToList();
        var result = await RunAsync(list, env);
        AssertNoSecret(result);
        Assert.True(result.ExitCode == 0, $"pgsnap {list[0]} exited {result.ExitCode}: {result.StdErr}");
        return result;
    }

    [Theory]
    [InlineData("plain.sql")]
    [InlineData("gzip.sql.gz")]
    [InlineData("lz4.sql.lz4")]
    [InlineData("zstd.sql.zst")]
    public async Task Every_archive_kind_round_trips_through_a_bucket(string name)
    {
        var url = $"s3://testbucket/roundtrip/{name}";
        var dumped = await OkAsync(["dump", "--url", _pg.UrlFor(_big), "-f", url, "--json", "-j", "2"]);
        using (var json = JsonDocument.Parse(dumped.StdOutText))
        {
            Assert.Equal(url, json.RootElement.GetProperty("file").GetString());
            Assert.Equal(json.RootElement.GetProperty("file_bytes").GetInt64(), json.RootElement.GetProperty("uploaded_bytes").GetInt64());
        }

        var listed = await OkAsync(["list", url]);
        Assert.Contains("from the manifest", listed.StdOutText, StringComparison.Ordinal);
        Assert.Contains("events", listed.StdOutText, StringComparison.Ordinal);
        await OkAsync(["verify", url]);

        var target = await _pg.CreateDatabaseAsync("s3_rt");
        await OkAsync(["restore", url, "--url", _pg.UrlFor(target), "-j", "2"]);
        Assert.Equal(10000L, await _pg.ScalarAsync<long>(target, "SELECT count(*) FROM app.events"));
        Assert.Equal(30000L, await _pg.ScalarAsync<long>(target, "SELECT count(*) FROM app.logs"));
        Assert.Equal(2L, await _pg.ScalarAsync<long>(target, "SELECT count(*) FROM public.small"));
        await _pg.DropDatabaseAsync(target);
    }

    [Fact]
    public async Task Output_dir_names_the_object_by_convention_and_an_existing_object_is_not_overwritten_without_force()
    {
        var dumped = await OkAsync(["dump", "--url", _pg.UrlFor(_big), "--output-dir", "s3://testbucket/daily/", "--env", "prod", "--json", "-s"]);
        string file;
        using (var json = JsonDocument.Parse(dumped.StdOutText))
        {
            file = json.RootElement.GetProperty("file").GetString()!;
        }

        Assert.Matches(@"^s3://testbucket/daily/schema_prod_\d{8}_\d{6}([+-]\d{4})?\.sql\.gz$", file);

        var again = await RunAsync(["dump", "--url", _pg.UrlFor(_big), "-f", file, "-s"]);
        Assert.Equal(6, again.ExitCode);
        Assert.Contains($"{file} already exists (use --force to replace it)", again.StdErr, StringComparison.Ordinal);
        await OkAsync(["dump", "--url", _pg.UrlFor(_big), "-f", file, "-s", "--force"]);
    }

    [Fact]
    public async Task A_key_that_may_write_but_not_read_dumps_with_force_and_gets_one_line_saying_so_without()
    {
        // The proxy answers every HEAD with 403, as S3 answers a key with s3:PutObject but neither s3:GetObject nor
        // s3:ListBucket; s3rver itself has no policies to refuse a HEAD and allow a PUT.
        const string key = "writeonly/schema.sql.gz";
        await using var proxy = new CountingProxy(s3.Port) { DenyHeads = true };
        var env = s3.CliEnvironment(secret: MarkerSecret);
        env["AWS_ENDPOINT_URL"] = proxy.Endpoint.ToString();
        var refused = await RunAsync(["dump", "--url", _pg.UrlFor(_big), "-f", "s3://testbucket/" + key, "-s", "--quiet"], env);
        AssertNoSecret(refused);
        Assert.Equal(6, refused.ExitCode);
        Assert.Equal(
            $"pgsnap: error: the existence check of s3://testbucket/{key} (S3 HEAD) was denied (403): the key may write but not read objects, so pgsnap cannot tell whether it would replace one; --force skips the check (and replaces any object there)",
            refused.StdErr.Trim());
        Assert.Equal(2, proxy.HeadsDenied); // the bucket's, then the object's

        await OkAsync(["dump", "--url", _pg.UrlFor(_big), "-f", "s3://testbucket/" + key, "-s", "--quiet", "--force"], env);
        Assert.Equal(3, proxy.HeadsDenied); // the bucket's only: --force sends no HEAD of the object
        var client = new S3Client(new HttpClient(), new S3ClientOptions(s3.Endpoint, "us-east-1", new S3Credentials(S3rverFixture.AccessKey, S3rverFixture.SecretKey)));
        Assert.True((await client.HeadObjectAsync("testbucket", key)).Size > 0);
    }

    [Fact]
    public async Task Restore_t_fetches_only_that_tables_blocks()
    {
        const string url = "s3://testbucket/selective/big.sql";
        await OkAsync(["dump", "--url", _pg.UrlFor(_big), "-f", url, "--quiet"]);

        // The manifest, read here from a downloaded copy, says where each table's blocks are.
        var client = new S3Client(new HttpClient(), new S3ClientOptions(s3.Endpoint, "us-east-1", new S3Credentials(S3rverFixture.AccessKey, S3rverFixture.SecretKey)));
        var size = (await client.HeadObjectAsync("testbucket", "selective/big.sql")).Size;
        var copy = Path.Combine(Path.GetTempPath(), $"pgsnap-s3-{Guid.NewGuid():N}.sql");
        await File.WriteAllBytesAsync(copy, await client.GetRangeAsync("testbucket", "selective/big.sql", 0, size - 1));
        long events, logs, manifest;
        using (var index = (await ArchiveIndex.TryOpenAsync(copy, CancellationToken.None))!)
        {
            events = index.Manifest.Blocks.Where(static b => b.Name is "events" or "events_pkey").Sum(static b => b.Length);
            logs = index.Manifest.Blocks.Where(static b => b.Name is "logs" or "logs_pkey").Sum(static b => b.Length);
            manifest = index.Footer.ManifestLength;
        }

        File.Delete(copy);
        await using var proxy = new CountingProxy(s3.Port);
        var env = s3.CliEnvironment(secret: MarkerSecret);
        env["AWS_ENDPOINT_URL"] = proxy.Endpoint.ToString();
        var target = await _pg.CreateDatabaseAsync("s3_t");
        await _pg.ExecuteAsync(target, "CREATE SCHEMA app");
        await OkAsync(["restore", url, "--url", _pg.UrlFor(target), "-t", "app.events"], env);

        var served = proxy.BytesServed;
        output.WriteLine($"restore -t app.events: the server served {served} bytes of a {size}-byte object (app.events blocks {events}, app.logs blocks {logs}, manifest {manifest})");
        Assert.Equal(10000L, await _pg.ScalarAsync<long>(target, "SELECT count(*) FROM app.events"));
        Assert.Null(await _pg.ScalarAsync<string>(target, "SELECT to_regclass('app.logs')::text"));
        Assert.True(logs > 8_000_000, $"the test needs a big app.logs ({logs} bytes)");
        // The chosen blocks are read twice (the safety survey with its checksums, then the restore), plus the
        // footer, manifest, header and small DDL blocks and HTTP headers: far less than one read of app.logs.
        Assert.True(served < (2 * events) + manifest + (1 << 20), $"served {served} bytes, more than twice app.events' {events} bytes");
        Assert.True(served < logs, $"served {served} bytes, more than app.logs' {logs}: its blocks were fetched");
        await _pg.DropDatabaseAsync(target);
    }

    [Fact]
    public async Task An_unknown_access_key_and_a_missing_bucket_are_one_line_errors_without_the_secret()
    {
        var denied = await RunAsync(["list", "s3://testbucket/roundtrip/gzip.sql.gz"], s3.CliEnvironment(accessKey: "AKIAUNKNOWNKEY", secret: MarkerSecret));
        AssertNoSecret(denied);
        Assert.Equal(3, denied.ExitCode);
        Assert.Equal(
            "pgsnap: error: S3 HEAD s3://testbucket/roundtrip/gzip.sql.gz failed: 403 AccessDenied: access denied: check the access key, secret and session token (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN or AWS_PROFILE) and the bucket's policy",
            denied.StdErr.Trim());

        var noBucket = await RunAsync(["restore", "s3://nobucket/daily/x.sql.gz", "--url", _pg.UrlFor(_big), "--verbose"]);
        AssertNoSecret(noBucket);
        Assert.Equal(3, noBucket.ExitCode);
        Assert.StartsWith(
            "pgsnap: error: S3 GET s3://nobucket/daily/x.sql.gz failed: 404 NoSuchBucket: the bucket 'nobucket' does not exist: check the bucket name and the endpoint (AWS_ENDPOINT_URL)",
            noBucket.StdErr, StringComparison.Ordinal);

        var noKey = await RunAsync(["verify", "s3://testbucket/daily/missing.sql.gz"]);
        AssertNoSecret(noKey);
        Assert.Equal(2, noKey.ExitCode);
        Assert.Contains("NoSuchKey: no object 'daily/missing.sql.gz' in bucket 'testbucket'", noKey.StdErr, StringComparison.Ordinal);

        var dumpNoBucket = await RunAsync(["dump", "--url", _pg.UrlFor(_big), "-f", "s3://nobucket/x.sql.gz"]);
        AssertNoSecret(dumpNoBucket);
        Assert.Equal(3, dumpNoBucket.ExitCode);

        var anonymous = s3.CliEnvironment();
        anonymous["AWS_ACCESS_KEY_ID"] = null;
        var noCredentials = await RunAsync(["list", "s3://testbucket/x.sql.gz"], anonymous);
        Assert.Equal(2, noCredentials.ExitCode);
        Assert.Contains("no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", noCredentials.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dump_killed_mid_upload_leaves_no_object()
    {
        const string key = "killed/big.sql";
        await using var proxy = new CountingProxy(s3.Port) { StallSendingAfter = 4 << 20 };
        var env = s3.CliEnvironment(secret: MarkerSecret);
        env["AWS_ENDPOINT_URL"] = proxy.Endpoint.ToString();
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var psi = new ProcessStartInfo(string.IsNullOrEmpty(host) ? "dotnet" : host) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { RepoPaths.CliDll, "dump", "--url", _pg.UrlFor(_big), "-f", "s3://testbucket/" + key, "--quiet" })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            if (v is null)
            {
                psi.Environment.Remove(k);
            }
            else
            {
                psi.Environment[k] = v;
            }
        }

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        // The first part's upload stalls half-way (the proxy stops relaying): kill the dump there. The multipart
        // upload exists on the server, the object must not. (Watched from the thread pool: the test framework's
        // few threads may be busy with other tests.)
        await Task.Run(async () =>
        {
            while (proxy.BytesSent < (4 << 20) && !process.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
        });

        // The message is built only when the dump did end: awaiting its stderr while it runs would wait for its end.
        if (process.HasExited)
        {
            Assert.Fail($"the dump ended before it could be killed: {await stderr}");
        }

        Assert.True(proxy.BytesSent >= 4 << 20, $"the upload had sent only {proxy.BytesSent} bytes in two minutes");
        // SIGKILL: no cleanup of any kind runs in the dump.
        process.Kill();
        using (var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await process.WaitForExitAsync(exited.Token);
        }

        output.WriteLine($"killed after {proxy.BytesSent} bytes sent");

        // The kernel closes a killed process's connections; the stalled proxy would hold the server's side open
        // (s3rver then answers nothing for that key), so it closes both sides now, as the network would.
        await proxy.DisposeAsync();
        var client = new S3Client(new HttpClient(), new S3ClientOptions(s3.Endpoint, "us-east-1", new S3Credentials(S3rverFixture.AccessKey, S3rverFixture.SecretKey))
        {
            MaxAttempts = 2,
            IdleTimeout = TimeSpan.FromSeconds(20),
        });
        Assert.Null(await client.TryHeadObjectAsync("testbucket", key));
        var listed = new List<string>();
        await foreach (var o in client.ListObjectsAsync("testbucket", "killed/"))
        {
            listed.Add(o.Key);
        }

        Assert.Empty(listed);
    }

    [Fact]
    public async Task Prune_on_a_prefix_keeps_what_the_policy_keeps_and_touches_nothing_else()
    {
        // One real full backup, stored under several names of the convention, one per day.
        const string source = "prune-src/source.sql.gz";
        var small = await _pg.CreateDatabaseAsync("s3_prune");
        await _pg.ExecuteAsync(small, "CREATE TABLE t (v int); INSERT INTO t VALUES (1);");
        await OkAsync(["dump", "--url", _pg.UrlFor(small), "-f", "s3://testbucket/" + source, "--quiet", "--force"]);
        await _pg.DropDatabaseAsync(small);
        var client = new S3Client(new HttpClient(), new S3ClientOptions(s3.Endpoint, "us-east-1", new S3Credentials(S3rverFixture.AccessKey, S3rverFixture.SecretKey)));
        var size = (await client.HeadObjectAsync("testbucket", source)).Size;
        var archive = await client.GetRangeAsync("testbucket", source, 0, size - 1);
        var today = DateTime.UtcNow.Date.AddHours(1);
        string Name(int daysAgo) => "backup_prod_" + today.AddDays(-daysAgo).ToString("yyyyMMdd_HHmmss", System.Globalization.CultureInfo.InvariantCulture) + ".sql.gz";
        foreach (var days in new[] { 0, 1, 2 })
        {
            await client.PutObjectAsync("testbucket", "prune/" + Name(days), archive);
        }

        await client.PutObjectAsync("testbucket", "prune/" + Name(3), archive.AsMemory(0, archive.Length / 2)); // cut short
        await client.PutObjectAsync("testbucket", "prune/notes.sql", "SELECT 1;\n"u8.ToArray());
        await client.PutObjectAsync("testbucket", "prune/deeper/" + Name(5), archive);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the grace below

        var result = await OkAsync(["prune", "s3://testbucket/prune/", "--keep-last", "1", "--delete-incomplete", "--grace", "1s"]);
        output.WriteLine(result.StdOutText);

        var left = new List<string>();
        await foreach (var o in client.ListObjectsAsync("testbucket", "prune/", pageSize: 2))
        {
            left.Add(o.Key);
        }

        Assert.Equal(
            new[] { "prune/" + Name(3), "prune/" + Name(0), "prune/deeper/" + Name(5), "prune/notes.sql" }.Order(StringComparer.Ordinal),
            left.Order(StringComparer.Ordinal));
    }
}
