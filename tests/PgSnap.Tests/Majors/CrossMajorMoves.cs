using System.Collections.Concurrent;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.RoundTrip;

namespace PgSnap.Tests.Majors;

/// <summary>
/// Shared steps of the cross-major tests: the portable sample loaded on a major and dumped there once by the pgsnap
/// binary; and the same sample loaded natively on a target major, which is what a restored database must equal.
/// </summary>
/// <remarks>
/// Why compare with a native load on the target rather than with the source: the server's deparsers
/// (<c>pg_get_viewdef</c>, <c>pg_get_functiondef</c>, …) and defaults (the public schema's owner and ACL changed in
/// 15) differ between majors, so source and target fingerprints differ even for a perfect move. Loading the same SQL
/// on the target gives the target's own rendering of the same objects; only what truly differs between a moved and
/// a native database is normalised (<see cref="CrossMajorNormalisation"/>). Rows, sequence values and large objects
/// are compared with the source itself.
/// </remarks>
internal static class CrossMajorMoves
{
    private static readonly ConcurrentDictionary<int, Lazy<Task<(string Database, string Archive)>>> s_dumps = new();
    private static readonly ConcurrentDictionary<int, Lazy<Task<string>>> s_natives = new();
    private static readonly Lazy<string> s_work = new(() =>
    {
        var work = Directory.CreateTempSubdirectory("pgsnap-xmajor-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return work;
    });

    /// <summary>The sample's database on <paramref name="major"/> and a full pgsnap dump of it (made once).</summary>
    public static Task<(string Database, string Archive)> SourceAsync(int major) =>
        s_dumps.GetOrAdd(major, m => new(() => DumpSourceAsync(m), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>The sample loaded natively on <paramref name="major"/> (made once), the reference for restores there.</summary>
    public static Task<string> NativeAsync(int major) =>
        s_natives.GetOrAdd(major, m => new(() => LoadAsync(m, "xm_native"), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>Runs <c>pgsnap restore</c> of <paramref name="archive"/> into a new empty database of <paramref name="target"/>.</summary>
    public static async Task<(string Database, ProcessRunner.BinaryResult Result)> RestoreAsync(TestServer target, string archive, params string[] extra)
    {
        var db = await target.CreateDatabaseAsync("xm_dst");
        var result = await PgSnapCli.Default.RunAsync(["restore", archive, "--url", target.UrlFor(db), "--quiet", .. extra]);
        return (db, result);
    }

    /// <summary>Every difference between a restored database and the references (catalog: native load; data: source).</summary>
    public static async Task<List<string>> CompareAsync(TestServer source, string sourceDb, TestServer target, string nativeDb, string restoredDb)
    {
        var failures = new List<string>();
        string? Map(string line) => CrossMajorNormalisation.Map(line, source.Major, target.Major);
        var expectedCatalog = (await CatalogFingerprint.ReadAsync(target.ConnectionStringFor(nativeDb))).Normalised(Map);
        var actualCatalog = (await CatalogFingerprint.ReadAsync(target.ConnectionStringFor(restoredDb))).Normalised(Map);
        if (CatalogFingerprint.Compare(expectedCatalog, actualCatalog, $"native load on {target.Major}", $"restored from {source.Major}") is { } catalogDiff)
        {
            failures.Add("catalog fingerprint differs:\n" + catalogDiff);
        }

        var expectedData = await DataFingerprint.ReadAsync(source.ConnectionStringFor(sourceDb));
        var actualData = await DataFingerprint.ReadAsync(target.ConnectionStringFor(restoredDb));
        if (DataFingerprint.Compare(expectedData, actualData, $"source on {source.Major}", $"restored on {target.Major}") is { } dataDiff)
        {
            failures.Add("data differs:\n" + dataDiff);
        }

        return failures;
    }

    private static async Task<(string Database, string Archive)> DumpSourceAsync(int major)
    {
        var server = await TestServers.ForMajorAsync(major);
        var db = await LoadAsync(major, "xm_src");
        var archive = Path.Combine(s_work.Value, $"from-{major}.sql.gz");
        await PgSnapCli.Default.RunCheckedAsync(["dump", "--url", server.UrlFor(db), "-f", archive, "--quiet"]);
        return (db, archive);
    }

    private static async Task<string> LoadAsync(int major, string prefix)
    {
        var server = await TestServers.ForMajorAsync(major);
        var db = await server.CreateDatabaseAsync($"{prefix}{major}");
        await RoundTripOracle.LoadSqlAsync(server, db, SampleSchemas.Portable, s_work.Value);
        return db;
    }
}
