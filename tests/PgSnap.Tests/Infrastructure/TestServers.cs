using System.Collections.Concurrent;
using System.Globalization;
using Xunit;

namespace PgSnap.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL majors the suite runs its multi-version tests against: <c>PGSNAP_TEST_SERVERS</c> (e.g.
/// <c>13,15,17,18</c>), or when unset only the default server. Each major gets one throwaway cluster per test
/// process, started on first use: the installed Debian binaries when their major matches, else the
/// <see cref="EmbeddedPostgres"/> package for it. Use <see cref="All"/> as xUnit <c>MemberData</c> and
/// <see cref="ForMajorAsync"/> in the test body.
/// </summary>
internal static class TestServers
{
    private static readonly ConcurrentDictionary<int, Lazy<Task<TestServer>>> s_servers = new();
    private static readonly ConcurrentDictionary<ServerChoice, Lazy<Task<TestServer>>> s_pinned = new();
    private static readonly Lazy<IReadOnlyList<int>> s_majors = new(ReadMajors);
    private static readonly Lazy<IReadOnlyList<ServerChoice>> s_fidelityServers = new(ReadFidelityServers);

    /// <summary>Whether <c>PGSNAP_TEST_SERVERS</c> chose the servers (false: the default server only).</summary>
    public static bool Configured => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("PGSNAP_TEST_SERVERS"));

    /// <summary>The configured majors, in the order given.</summary>
    public static IReadOnlyList<int> Majors => s_majors.Value;

    /// <summary>
    /// The servers the fidelity matrix (every fidelity file, in full, schema-only and data-only modes) runs on: the
    /// majors of <c>PGSNAP_TEST_SERVERS</c> plus the tokens of <c>PGSNAP_FIDELITY_SERVERS</c>, so CI can run the whole
    /// suite on some majors and only the matrix on the others. A fidelity token may pin a minor (<c>15.18</c>, see
    /// <see cref="ServerChoice"/>): that release runs from the embedded package next to the installed major.
    /// </summary>
    public static IReadOnlyList<ServerChoice> FidelityServers => s_fidelityServers.Value;

    /// <summary>Every configured major, as theory data.</summary>
    public static TheoryData<int> All
    {
        get
        {
            var data = new TheoryData<int>();
            foreach (var major in Majors)
            {
                data.Add(major);
            }

            return data;
        }
    }

    /// <summary>
    /// The server of a major. With <c>PGSNAP_TEST_SERVERS</c> unset, the default server answers for its major;
    /// any other major is started from the installed or embedded binaries, or fails naming the version.
    /// </summary>
    public static Task<TestServer> ForMajorAsync(int major) =>
        s_servers.GetOrAdd(major, m => new Lazy<Task<TestServer>>(() => StartAsync(m), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>The server of a <see cref="ServerChoice"/>: a major as <see cref="ForMajorAsync"/>, a pinned release from the embedded package.</summary>
    public static Task<TestServer> ForAsync(ServerChoice choice) =>
        choice.IsPinned
            ? s_pinned.GetOrAdd(choice, c => new Lazy<Task<TestServer>>(() => StartPinnedAsync(c), LazyThreadSafetyMode.ExecutionAndPublication)).Value
            : ForMajorAsync(choice.Major);

    private static async Task<TestServer> StartPinnedAsync(ServerChoice choice)
    {
        var bin = await EmbeddedPostgres.InstallAsync(choice.Major);
        TestServer started;
        try
        {
            started = await TestServer.StartLocalAsync(bin);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or Npgsql.NpgsqlException)
        {
            throw new InvalidOperationException($"PostgreSQL {choice} (binaries in {bin}) could not be started: {ex.Message}", ex);
        }

        // server_version_num is major * 10000 + minor from 10 on.
        var release = new ServerChoice(started.Major, started.ServerVersionNum % 10000);
        return release == choice
            ? started
            : throw new InvalidOperationException($"asked for PostgreSQL {choice}, the binaries in {bin} started {release}");
    }

    private static async Task<TestServer> StartAsync(int major)
    {
        if (!Configured && major == Majors[0])
        {
            return await TestServer.GetAsync();
        }

        var hasUrl = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PGSNAP_TEST_URL"));
        if (hasUrl || major == SafeInstalledMajor())
        {
            var server = await TestServer.GetAsync();
            if (server.Major == major)
            {
                return server;
            }
        }

        var bin = SafeInstalledMajor() == major ? PostgresBinaries.BinDirectory : await EmbeddedPostgres.InstallAsync(major);
        TestServer started;
        try
        {
            started = await TestServer.StartLocalAsync(bin);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or Npgsql.NpgsqlException)
        {
            throw new InvalidOperationException($"PostgreSQL {major} (binaries in {bin}) could not be started: {ex.Message}", ex);
        }

        return started.Major == major
            ? started
            : throw new InvalidOperationException($"asked for PostgreSQL {major}, the binaries in {bin} started {started.Major}");
    }

    private static int SafeInstalledMajor()
    {
        try
        {
            return PostgresBinaries.Major;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    private static IReadOnlyList<int> ReadMajors()
    {
        var text = Environment.GetEnvironmentVariable("PGSNAP_TEST_SERVERS");
        if (string.IsNullOrWhiteSpace(text))
        {
            var installed = SafeInstalledMajor();
            return [installed == 0 ? 15 : installed];
        }

        return ParseMajors("PGSNAP_TEST_SERVERS", text);
    }

    private static IReadOnlyList<ServerChoice> ReadFidelityServers()
    {
        var servers = Majors.Select(m => new ServerChoice(m, null)).ToList();
        var text = Environment.GetEnvironmentVariable("PGSNAP_FIDELITY_SERVERS");
        foreach (var token in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var choice = ServerChoice.Parse("PGSNAP_FIDELITY_SERVERS", token);
            if (!servers.Contains(choice))
            {
                servers.Add(choice);
            }
        }

        return servers;
    }

    private static List<int> ParseMajors(string variable, string text)
    {
        var majors = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var major) || major < 13)
            {
                // A pinned minor (15.18) is a fidelity-matrix token only: the whole suite's tests are per major.
                throw new InvalidOperationException($"{variable}: '{part}' is not a PostgreSQL major (13 or later); a major.minor such as 15.18 belongs in PGSNAP_FIDELITY_SERVERS");
            }

            if (!majors.Contains(major))
            {
                majors.Add(major);
            }
        }

        return majors;
    }
}
