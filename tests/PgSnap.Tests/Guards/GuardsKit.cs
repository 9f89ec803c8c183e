using PgSnap.Archive.Compression;
using PgSnap.Catalog;
using PgSnap.Connection;
using PgSnap.Drill;
using PgSnap.Dump;
using PgSnap.Restore;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Guards;

/// <summary>Shared steps of the guard-rail tests: a small source database, a real dump of it, and the restorer.</summary>
internal static class GuardsKit
{
    /// <summary>Tables with rows, a serial sequence that has moved, and a standalone sequence never called.</summary>
    public const string SourceSql = """
        CREATE TABLE public.clients (id serial PRIMARY KEY, name text NOT NULL);
        INSERT INTO public.clients (name) SELECT 'client ' || g FROM generate_series(1, 37) g;
        CREATE SCHEMA app;
        CREATE TABLE app.agent_calls (id bigint PRIMARY KEY, client_id int REFERENCES public.clients(id), transcript text);
        INSERT INTO app.agent_calls SELECT g, 1 + g % 37, repeat('word ', g % 50) FROM generate_series(1, 500) g;
        CREATE TABLE app."Mixed Case" (v int);
        CREATE SEQUENCE app.unused_seq;
        """;

    public static ConnectionSpec Spec(TestServer server, string database) => ConnectionStringParser.Parse(server.UrlFor(database));

    public static async Task<string> CreateSourceAsync(TestServer server, string prefix)
    {
        var db = await server.CreateDatabaseAsync(prefix);
        await server.ExecuteAsync(db, SourceSql);
        return db;
    }

    /// <summary>A real full dump (catalog planner + data engine) of <paramref name="database"/> into <paramref name="path"/>.</summary>
    public static async Task DumpAsync(TestServer server, string database, string path, CompressionSpec? compression = null)
    {
        var job = new DumpJob(Spec(server, database), new DumpOptions(), DumpOutput.ToFile(path, compression, force: false), DumpPlanner.PlanAsync);
        await job.RunAsync(CancellationToken.None);
    }

    /// <summary>The product's restore engine, as the drill and the CLI use it.</summary>
    public static ArchiveRestorer EngineRestorer { get; } = RestoreDrill.EngineRestorer(new RestoreOptions());

    public static async Task<bool> DatabaseExistsAsync(TestServer server, string name) =>
        await server.ScalarAsync<bool>("postgres", $"SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = '{name}')");

    public static async Task<string?> FingerprintAsync(TestServer server, string database, string table) =>
        await server.ScalarAsync<string>(database,
            $"SELECT count(*)::text || ':' || coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') FROM {table} t");

    public static string TempFolder(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;

    public static void AssertNoFiles(string folder) => Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
}
