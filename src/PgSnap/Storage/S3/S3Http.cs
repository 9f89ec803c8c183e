namespace PgSnap.Storage.S3;

/// <summary>
/// The process's one HttpClient for object storage: its connection pool lets parallel ranged GETs and part uploads
/// run on separate connections and reuses them between requests. No redirects are followed (S3 answers a wrong
/// region with 301 and no Location: an error to report) and no overall timeout is set (a part upload may take long;
/// <see cref="S3ClientOptions.IdleTimeout"/> catches a silent service instead).
/// </summary>
public static class S3Http
{
    private static readonly Lazy<HttpClient> s_shared = new(static () => new HttpClient(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        UseCookies = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    public static HttpClient Shared => s_shared.Value;

    /// <summary>A client for the process's environment (credentials, region, endpoint: <see cref="S3Environment"/>).</summary>
    public static S3Client FromEnvironment() => new(Shared, S3Environment.FromProcess());
}
