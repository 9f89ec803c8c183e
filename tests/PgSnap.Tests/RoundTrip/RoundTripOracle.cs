using System.Text;
using PgSnap.Connection;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;

namespace PgSnap.Tests.RoundTrip;

/// <summary>How the dump is written: the archive file's extension picks the compression, or stdout.</summary>
public enum DumpTarget
{
    /// <summary><c>-f backup.sql.gz</c> (the default compression).</summary>
    GzipFile,

    /// <summary><c>-f backup.sql</c>.</summary>
    PlainFile,

    /// <summary><c>-f backup.sql.lz4</c>.</summary>
    Lz4File,

    /// <summary><c>-f backup.sql.zst</c>.</summary>
    ZstdFile,

    /// <summary>No <c>-f</c>: the archive goes to stdout.</summary>
    Stdout,
}

/// <summary>How the dump is restored.</summary>
public enum RestoreRoute
{
    /// <summary><c>pgsnap restore FILE --url …</c>.</summary>
    Pgsnap,

    /// <summary><c>pgsnap restore - --url … &lt; FILE</c>.</summary>
    PgsnapStdin,

    /// <summary>
    /// The user's way out without pgsnap: <c>psql -X -v ON_ERROR_STOP=1 -f FILE</c> for plain files,
    /// <c>zcat FILE | psql …</c>, <c>lz4 -dc FILE | psql …</c> and <c>zstd -dc FILE | psql …</c> for compressed ones.
    /// </summary>
    Psql,
}

/// <summary>One round trip to run.</summary>
internal sealed record RoundTripCase(string Name, string Sql)
{
    public DumpTarget Target { get; init; } = DumpTarget.GzipFile;

    public RestoreRoute Route { get; init; } = RestoreRoute.Pgsnap;

    public IReadOnlyList<string> DumpArgs { get; init; } = [];

    public IReadOnlyList<string> RestoreArgs { get; init; } = [];

    /// <summary>The server to use; null for the default one.</summary>
    public TestServer? Server { get; init; }

    /// <summary>The pgsnap to run; null for the framework-dependent build.</summary>
    public PgSnapCli? Cli { get; init; }

    /// <summary>Whether rows, sequence values and large objects must match too (false for schema-only dumps).</summary>
    public bool CompareData { get; init; } = true;
}

/// <summary>What a passed round trip produced, for tests that check more.</summary>
internal sealed record RoundTripResult(string SourceDatabase, string RestoredDatabase, long DumpBytes, DataFingerprint SourceData);

/// <summary>
/// The fidelity oracle (docs/ARCHITECTURE.md, "Tests"): load SQL into a fresh database, <c>pgsnap dump</c> it (the real binary),
/// restore it into a fresh empty database (pgsnap, or psql as a user without pgsnap would), then require the two to
/// be the same: the <see cref="CatalogFingerprint"/> on every server, <c>pg_dump --schema-only</c> where the
/// installed pg_dump can read the server, and the <see cref="DataFingerprint"/> (rows, sequences, large objects).
/// A failure lists every difference found, as diffs; the dump file is kept and its path given.
/// </summary>
internal static class RoundTripOracle
{
    public static async Task<RoundTripResult> RunAsync(RoundTripCase c)
    {
        var server = c.Server ?? await TestServer.GetAsync();
        var cli = c.Cli ?? PgSnapCli.Default;
        var work = Directory.CreateTempSubdirectory("pgsnap-rt-").FullName;
        var keepWork = false;
        string? dumpFile = null;
        var source = await server.CreateDatabaseAsync("rt_src");
        var restored = await server.CreateDatabaseAsync("rt_dst");
        try
        {
            await LoadSqlAsync(server, source, c.Sql, work);
            dumpFile = await DumpAsync(cli, server, source, c, work);
            await RestoreAsync(cli, server, restored, dumpFile, c);

            var (failures, sourceData) = await CompareAsync(server, source, restored, c.CompareData);
            if (failures.Count > 0)
            {
                throw new Xunit.Sdk.XunitException(
                    $"round trip '{c.Name}' ({Describe(c)}, PostgreSQL {server.Major}) lost fidelity; dump kept at {dumpFile}\n\n" + string.Join("\n\n", failures));
            }

            var result = new RoundTripResult(source, restored, new FileInfo(dumpFile).Length, sourceData);
            await server.DropDatabaseAsync(source);
            await server.DropDatabaseAsync(restored);
            return result;
        }
        catch
        {
            // Keep the dump for a look at what went wrong; without one there is nothing to keep.
            keepWork = dumpFile is not null && File.Exists(dumpFile);
            throw;
        }
        finally
        {
            if (!keepWork)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>
    /// Compares two databases of one server: catalog fingerprint, <c>pg_dump --schema-only</c> where it works, and
    /// (when <paramref name="compareData"/>) the data fingerprint. Returns every difference found, as diffs.
    /// </summary>
    public static async Task<(List<string> Failures, DataFingerprint SourceData)> CompareAsync(TestServer server, string source, string restored, bool compareData = true)
    {
        var failures = new List<string>();
        var sourceCatalog = await CatalogFingerprint.ReadAsync(server.ConnectionStringFor(source));
        var restoredCatalog = await CatalogFingerprint.ReadAsync(server.ConnectionStringFor(restored));
        if (!compareData)
        {
            sourceCatalog = sourceCatalog.WithoutLargeObjects();
            restoredCatalog = restoredCatalog.WithoutLargeObjects();
        }

        AddIfDifferent(failures, "catalog fingerprint", CatalogFingerprint.Compare(sourceCatalog, restoredCatalog));

        if (server.ReferencePgDumpWorks)
        {
            var sourceSchema = await ReferenceSchemaDump.ReadAsync(server, source);
            var restoredSchema = await ReferenceSchemaDump.ReadAsync(server, restored);
            if (!sourceSchema.SequenceEqual(restoredSchema, StringComparer.Ordinal))
            {
                failures.Add("pg_dump --schema-only differs:\n" + LineDiff.Unified(sourceSchema, restoredSchema, "source", "restored"));
            }
        }

        var sourceData = await DataFingerprint.ReadAsync(server.ConnectionStringFor(source));
        if (compareData)
        {
            var restoredData = await DataFingerprint.ReadAsync(server.ConnectionStringFor(restored));
            AddIfDifferent(failures, "data (rows, sequences, large objects)", DataFingerprint.Compare(sourceData, restoredData));
        }

        return (failures, sourceData);
    }

    /// <summary>Loads SQL with psql (so test SQL may use COPY FROM stdin and anything psql runs), stopping at the first error.</summary>
    public static async Task LoadSqlAsync(TestServer server, string database, string sql, string workDirectory)
    {
        var file = Path.Combine(workDirectory, "load.sql");
        await File.WriteAllTextAsync(file, sql, new UTF8Encoding(false));
        var env = server.ToolEnvironment();
        env["PGDATABASE"] = database;
        var result = await ProcessRunner.RunAsync(PostgresBinaries.Tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file], env, timeout: TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"loading the test SQL into {database} failed: {result.StdErr}");
        }
    }

    private static async Task<string> DumpAsync(PgSnapCli cli, TestServer server, string database, RoundTripCase c, string work)
    {
        var file = Path.Combine(work, "backup" + c.Target switch
        {
            DumpTarget.GzipFile => ".sql.gz",
            DumpTarget.Lz4File => ".sql.lz4",
            DumpTarget.ZstdFile => ".sql.zst",
            _ => ".sql",
        });
        var args = new List<string> { "dump", "--url", server.UrlFor(database) };
        if (c.Target != DumpTarget.Stdout)
        {
            args.AddRange(["-f", file]);
        }

        args.AddRange(c.DumpArgs);
        var result = await cli.RunCheckedAsync(args, stdoutFile: c.Target == DumpTarget.Stdout ? file : null);
        if (c.Target != DumpTarget.Stdout && result.StdOut.Length > 0)
        {
            throw new Xunit.Sdk.XunitException($"pgsnap dump -f wrote {result.StdOut.Length} bytes to stdout; the archive belongs in the file only");
        }

        if (!File.Exists(file) || new FileInfo(file).Length == 0)
        {
            throw new Xunit.Sdk.XunitException($"pgsnap dump exited 0 but {file} is missing or empty");
        }

        return file;
    }

    private static async Task RestoreAsync(PgSnapCli cli, TestServer server, string database, string dumpFile, RoundTripCase c)
    {
        switch (c.Route)
        {
            case RestoreRoute.Pgsnap:
                await cli.RunCheckedAsync(["restore", dumpFile, "--url", server.UrlFor(database), .. c.RestoreArgs]);
                break;
            case RestoreRoute.PgsnapStdin:
                await cli.RunCheckedAsync(["restore", "-", "--url", server.UrlFor(database), .. c.RestoreArgs], stdinFile: dumpFile);
                break;
            case RestoreRoute.Psql:
                await RestoreWithPsqlAsync(server, database, dumpFile, c.Target);
                break;
        }
    }

    private static async Task RestoreWithPsqlAsync(TestServer server, string database, string dumpFile, DumpTarget target)
    {
        var env = server.ToolEnvironment();
        env["PGDATABASE"] = database;
        var psql = PostgresBinaries.Tool("psql");
        ProcessRunner.Result result;
        if (target is DumpTarget.PlainFile or DumpTarget.Stdout)
        {
            result = await ProcessRunner.RunAsync(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", dumpFile], env, timeout: TimeSpan.FromMinutes(5));
        }
        else
        {
            var decompress = target switch
            {
                DumpTarget.GzipFile => "zcat",
                DumpTarget.ZstdFile => "zstd -q -dc",
                _ => "lz4 -dc",
            };
            env["PGSNAP_DUMP"] = dumpFile;
            env["PGSNAP_PSQL"] = psql;
            result = await ProcessRunner.RunAsync(
                "bash",
                ["-c", $"set -o pipefail; {decompress} \"$PGSNAP_DUMP\" | \"$PGSNAP_PSQL\" -X -q -v ON_ERROR_STOP=1"],
                env,
                timeout: TimeSpan.FromMinutes(5));
        }

        if (result.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"psql restore of {Path.GetFileName(dumpFile)} failed ({result.ExitCode}): {SecretRedactor.Redact(result.StdErr)}");
        }
    }

    private static void AddIfDifferent(List<string> failures, string what, string? diff)
    {
        if (diff is not null)
        {
            failures.Add(what + " differs:\n" + diff);
        }
    }

    private static string Describe(RoundTripCase c) =>
        $"dump to {c.Target}{(c.DumpArgs.Count > 0 ? " " + string.Join(' ', c.DumpArgs) : string.Empty)}, restore with {c.Route}";
}
