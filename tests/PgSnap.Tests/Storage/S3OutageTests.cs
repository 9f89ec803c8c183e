using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Storage;

/// <summary>
/// The object store goes away in the middle of a restore: s3rver is killed once the restore has read part of the
/// archive (a counting proxy slows the transfer and says how far it got). Left down, the restore stops with the one
/// line naming the object and what to check (exit code 3); brought back within the retry window, the restore's
/// ranged GETs resume and it finishes. These tests stop their own s3rver, so they have their own fixture.
/// </summary>
public sealed class S3OutageTests(S3rverFixture s3, ITestOutputHelper output) : IClassFixture<S3rverFixture>, IAsyncLifetime
{
    private const string Url = "s3://testbucket/outage/big.sql";
    private const string Data = """
        CREATE TABLE public.t1 (id bigint PRIMARY KEY, payload text);
        INSERT INTO public.t1 SELECT g, md5(g::text) || repeat(md5((g * 7)::text), 8) FROM generate_series(1, 30000) g;
        CREATE TABLE public.t2 (id bigint PRIMARY KEY, payload text);
        INSERT INTO public.t2 SELECT g, md5(g::text) || repeat(md5((g * 5)::text), 8) FROM generate_series(1, 30000) g;
        """;

    private TestServer _pg = null!;
    private long _size;

    public async Task InitializeAsync()
    {
        _pg = await TestServer.GetAsync();
        var db = await _pg.CreateDatabaseAsync("s3_outage");
        await _pg.ExecuteAsync(db, Data);
        var dumped = await PgSnapCli.Default.RunAsync(["dump", "--url", _pg.UrlFor(db), "-f", Url, "--quiet", "--force"], environment: s3.CliEnvironment());
        Assert.True(dumped.ExitCode == 0, dumped.StdErr);
        await _pg.DropDatabaseAsync(db);
        var client = new PgSnap.Storage.S3.S3Client(new HttpClient(), new PgSnap.Storage.S3.S3ClientOptions(s3.Endpoint, "us-east-1", new PgSnap.Storage.S3.S3Credentials(S3rverFixture.AccessKey, S3rverFixture.SecretKey)));
        _size = (await client.HeadObjectAsync("testbucket", "outage/big.sql")).Size;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Restores through a slowed proxy and kills the server once a third of the object was served; then <paramref name="whileDown"/>.</summary>
    private async Task<(ProcessRunner.BinaryResult Result, string Target)> RestoreWithOutageAsync(string attempts, Func<Task> whileDown)
    {
        await using var proxy = new CountingProxy(s3.Port) { DelayPerChunk = TimeSpan.FromMilliseconds(4) };
        var env = s3.CliEnvironment();
        env["AWS_ENDPOINT_URL"] = proxy.Endpoint.ToString();
        env["AWS_MAX_ATTEMPTS"] = attempts;
        var target = await _pg.CreateDatabaseAsync("s3_outage_t");
        var restore = PgSnapCli.Default.RunAsync(["restore", Url, "--url", _pg.UrlFor(target), "-j", "2"], environment: env, timeout: TimeSpan.FromMinutes(3));
        var deadline = DateTime.UtcNow.AddMinutes(2);
        await Task.Run(async () =>
        {
            while (proxy.BytesServed < _size / 3 && !restore.IsCompleted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }
        });

        Assert.False(restore.IsCompleted, "the restore ended before the server could be stopped");
        await s3.StopAsync();
        output.WriteLine($"server stopped after {proxy.BytesServed} of {_size} bytes served");
        try
        {
            await whileDown();
        }
        finally
        {
            if (!await IsUpAsync())
            {
                await s3.StartAsync();
            }
        }

        return (await restore, target);
    }

    private async Task<bool> IsUpAsync()
    {
        try
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync(System.Net.IPAddress.Loopback, s3.Port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_server_that_stays_down_gives_the_one_line_error()
    {
        var (result, target) = await RestoreWithOutageAsync("3", async () =>
        {
            // Longer than three attempts' backoff (0.5 s + 1 s).
            await Task.Delay(TimeSpan.FromSeconds(6));
        });

        Assert.Equal(3, result.ExitCode);
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var error = Assert.Single(lines, static l => l.StartsWith("pgsnap: error:", StringComparison.Ordinal));
        Assert.StartsWith("pgsnap: error: S3 GET s3://testbucket/outage/big.sql failed after 3 attempts: ", error, StringComparison.Ordinal);
        Assert.EndsWith("then run again", error.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("check that 127.0.0.1:", error, StringComparison.Ordinal);
        await _pg.DropDatabaseAsync(target);
    }

    [Fact]
    public async Task A_server_restarted_within_the_retry_window_lets_the_restore_finish()
    {
        var (result, target) = await RestoreWithOutageAsync("6", async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            await s3.StartAsync();
        });

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(30000L, await _pg.ScalarAsync<long>(target, "SELECT count(*) FROM public.t1"));
        Assert.Equal(30000L, await _pg.ScalarAsync<long>(target, "SELECT count(*) FROM public.t2"));
        Assert.Equal(
            await _pg.ScalarAsync<string>(target, "SELECT md5(string_agg(payload, ',' ORDER BY id)) FROM public.t2"),
            await _pg.ScalarAsync<string>(target, "SELECT md5(string_agg(md5(g::text) || repeat(md5((g * 5)::text), 8), ',' ORDER BY g)) FROM generate_series(1, 30000) g"));
        await _pg.DropDatabaseAsync(target);
    }
}
