using System.Net.Sockets;
using Npgsql;
using Testcontainers.PostgreSql;

namespace PgSnap.Tests.Infrastructure;

/// <summary>
/// The one real PostgreSQL server the tests use (docs/ARCHITECTURE.md, "Tests"), chosen in this order: <c>PGSNAP_TEST_URL</c>;
/// a Testcontainers container when a Docker engine answers within a second; else a throwaway local cluster.
/// It is started once per test process and torn down when the process exits. Tests never skip: when no server
/// can be had, they fail with the reason.
/// </summary>
internal sealed class TestServer
{
    private static readonly Lazy<Task<TestServer>> s_instance = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int s_databaseCounter;

    private readonly NpgsqlConnectionStringBuilder _baseUrl;

    private TestServer(string adminUrl, string description)
    {
        AdminUrl = adminUrl;
        Description = description;
        _baseUrl = new NpgsqlConnectionStringBuilder(ToConnectionString(adminUrl));
    }

    /// <summary>The default server (see the class summary); for other majors see <see cref="TestServers"/>.</summary>
    public static Task<TestServer> GetAsync() => s_instance.Value;

    /// <summary>The server's major version (13, 14, …), read from <c>server_version_num</c> when it started.</summary>
    public int Major => ServerVersionNum / 10000;

    /// <summary>The server's <c>server_version_num</c>, e.g. 150018.</summary>
    public int ServerVersionNum { get; private set; }

    /// <summary>
    /// Whether the installed reference <c>pg_dump</c> can dump this server: pg_dump refuses servers newer than
    /// itself, so above its major only the catalog fingerprint compares schemas.
    /// </summary>
    public bool ReferencePgDumpWorks => Major <= PostgresBinaries.Major;

    /// <summary>URL of the maintenance database (postgres), with the superuser's password in it.</summary>
    public string AdminUrl { get; }

    public string Description { get; }

    public string Host => _baseUrl.Host!;

    public int Port => _baseUrl.Port;

    public string User => _baseUrl.Username!;

    public string? Password => _baseUrl.Password;

    /// <summary>A URL for the given database on this server.</summary>
    public string UrlFor(string database) =>
        $"postgresql://{Uri.EscapeDataString(User)}:{Uri.EscapeDataString(Password ?? string.Empty)}@{Host}:{Port}/{Uri.EscapeDataString(database)}?sslmode=disable";

    /// <summary>An Npgsql connection string for the given database (for test-side setup and checks).</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(_baseUrl.ConnectionString) { Database = database, Pooling = false }.ConnectionString;

    /// <summary>Creates an empty database with a unique name that starts with <paramref name="prefix"/>.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, string? template = null)
    {
        var name = $"{prefix.ToLowerInvariant()}_{Environment.ProcessId}_{Interlocked.Increment(ref s_databaseCounter)}";
        await using var conn = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE {template ?? "template0"} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'", conn);
        await cmd.ExecuteNonQueryAsync();
        return name;
    }

    public async Task DropDatabaseAsync(string name)
    {
        await using var conn = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Runs SQL (several statements allowed) in the given database.</summary>
    public async Task ExecuteAsync(string database, string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionStringFor(database));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<T?> ScalarAsync<T>(string database, string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionStringFor(database));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Environment for reference tools (pg_dump, psql) so they reach this server without a prompt.</summary>
    public IDictionary<string, string?> ToolEnvironment() => new Dictionary<string, string?>
    {
        ["PGHOST"] = Host,
        ["PGPORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PGUSER"] = User,
        ["PGPASSWORD"] = Password,
        ["PGSSLMODE"] = "disable",
    };

    private static async Task<TestServer> StartAsync()
    {
        TestTier.RefuseServerInFastTier("the default test server");
        var url = Environment.GetEnvironmentVariable("PGSNAP_TEST_URL");
        if (!string.IsNullOrEmpty(url))
        {
            return await new TestServer(url, "PGSNAP_TEST_URL").ReadVersionAsync();
        }

        if (await DockerAnswersAsync())
        {
            var container = new PostgreSqlBuilder("postgres:15").WithPassword(LocalCluster.SuperuserPassword).Build();
            await container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            var csb = new NpgsqlConnectionStringBuilder(container.GetConnectionString());
            return await new TestServer(
                $"postgresql://{csb.Username}:{Uri.EscapeDataString(csb.Password ?? string.Empty)}@{csb.Host}:{csb.Port}/postgres?sslmode=disable",
                "Testcontainers postgres:15").ReadVersionAsync();
        }

        return await StartLocalAsync(PostgresBinaries.BinDirectory);
    }

    /// <summary>
    /// Starts a throwaway local cluster from the given server binaries (any major); it is stopped and removed when
    /// the test process exits.
    /// </summary>
    internal static async Task<TestServer> StartLocalAsync(string binDirectory)
    {
        var cluster = await LocalCluster.StartAsync(binDirectory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return await new TestServer(cluster.ConnectionUrl("postgres"), $"local cluster from {cluster.BinDirectory}").ReadVersionAsync();
    }

    /// <summary>A server on a cluster the caller started and owns (e.g. to restart it under a running command).</summary>
    internal static async Task<TestServer> ForClusterAsync(LocalCluster cluster) =>
        await new TestServer(cluster.ConnectionUrl("postgres"), $"local cluster from {cluster.BinDirectory}").ReadVersionAsync();

    private async Task<TestServer> ReadVersionAsync()
    {
        var text = await ScalarAsync<string>("postgres", "SELECT current_setting('server_version_num')");
        ServerVersionNum = int.Parse(text!, System.Globalization.CultureInfo.InvariantCulture);
        return this;
    }

    private static async Task<bool> DockerAnswersAsync()
    {
        const string socketPath = "/var/run/docker.sock";
        if (!File.Exists(socketPath))
        {
            return false;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string ToConnectionString(string url)
    {
        var spec = PgSnap.Connection.ConnectionStringParser.Parse(url);
        return new NpgsqlConnectionStringBuilder
        {
            Host = spec.Host,
            Port = spec.Port ?? 5432,
            Username = spec.User,
            Password = spec.Password,
            Database = spec.Database ?? "postgres",
            SslMode = PgSnap.Connection.SslModes.ToNpgsql(spec.SslMode),
        }.ConnectionString;
    }
}
