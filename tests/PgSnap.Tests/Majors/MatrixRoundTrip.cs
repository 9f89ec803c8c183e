using Npgsql;
using PgSnap.Catalog;
using PgSnap.Connection;
using PgSnap.Dump;
using PgSnap.Restore;
using PgSnap.Tests.RoundTrip;
using Xunit.Abstractions;

namespace PgSnap.Tests.Majors;

/// <summary>The three ways the matrix dumps and restores a fidelity file.</summary>
public enum FidelityMode
{
    /// <summary>Full dump, restored into an empty database; schema and data must match.</summary>
    Full,

    /// <summary><c>--schema-only</c>, restored into an empty database; the schema must match and no table holds rows.</summary>
    SchemaOnly,

    /// <summary>
    /// <c>--data-only --disable-triggers</c>, restored (with <c>--force</c>) into a database that holds the schema-only
    /// restore; schema and data must then match the source. As with pg_dump -a, the data of tables linked by foreign
    /// keys (or with triggers that rewrite rows) only loads with the triggers off, which pg_dump's manual advises.
    /// </summary>
    DataOnly,
}

/// <summary>
/// One cell of the fidelity matrix: dump a <see cref="FidelitySource"/> with the engine (in process: the CLI path is
/// covered by the round-trip tests, and one process per dump would not fit the CI budget for 6 majors × 3 modes),
/// restore it into a fresh database of the same server, and compare with the source's cached reference
/// (catalog fingerprint everywhere, <c>pg_dump --schema-only</c> where it reads the server, data fingerprint).
/// </summary>
internal static class MatrixRoundTrip
{
    public static async Task RunAsync(int major, string fileName, FidelityMode mode, ITestOutputHelper output)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var source = await FidelitySource.GetAsync(major, fileName);
        output.WriteLine($"source ready after {clock.ElapsedMilliseconds} ms");
        foreach (var refusal in source.Refusals)
        {
            output.WriteLine("skipped: " + refusal);
        }

        var server = source.Server;
        var target = await server.CreateDatabaseAsync($"fid{major}_{mode.ToString().ToLowerInvariant()}");
        string archive;
        switch (mode)
        {
            case FidelityMode.Full:
                archive = await DumpCoveredAsync(source);
                await RestoreAsync(source, target, archive, new RestoreOptions());
                break;
            case FidelityMode.SchemaOnly:
                archive = await source.SchemaOnlyArchiveAsync();
                await RestoreAsync(source, target, archive, new RestoreOptions());
                break;
            default:
                await RestoreAsync(source, target, await source.SchemaOnlyArchiveAsync(), new RestoreOptions());
                archive = await DumpAsync(source, new DumpOptions { DataOnly = true, DisableTriggers = true }, "data-only");
                await RestoreAsync(source, target, archive, new RestoreOptions { Force = true });
                foreach (var reset in await ReapplyTriggerStatesAsync(source, target))
                {
                    output.WriteLine("data-only: " + reset);
                }

                break;
        }

        output.WriteLine($"dumped and restored after {clock.ElapsedMilliseconds} ms");
        var failures = await CompareAsync(source, target, mode);
        output.WriteLine($"compared after {clock.ElapsedMilliseconds} ms");
        if (failures.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"{fileName}.sql, {mode} mode, PostgreSQL {major}: the round trip lost fidelity (archive kept at {archive})\n\n" + string.Join("\n\n", failures));
        }

        await server.DropDatabaseAsync(target);
    }

    /// <summary>
    /// The oracle of <see cref="RoundTripOracle.CompareAsync"/> against the source's cached reference: catalog
    /// fingerprint (without large objects in schema-only mode, as pg_dump -s leaves them out), pg_dump --schema-only
    /// where it reads the server, and the data fingerprint (schema-only: every table must be empty instead).
    /// </summary>
    private static async Task<List<string>> CompareAsync(FidelitySource source, string target, FidelityMode mode)
    {
        var server = source.Server;
        var reference = await source.ReferenceAsync();
        var failures = new List<string>();
        var expected = reference.Catalog;
        var actual = await CatalogFingerprint.ReadAsync(server.ConnectionStringFor(target));
        if (mode == FidelityMode.SchemaOnly)
        {
            expected = expected.WithoutLargeObjects();
            actual = actual.WithoutLargeObjects();
        }

        if (CatalogFingerprint.Compare(expected, actual) is { } catalogDiff)
        {
            failures.Add("catalog fingerprint differs:\n" + catalogDiff);
        }

        if (reference.SchemaDump is not null)
        {
            var restoredSchema = await ReferenceSchemaDump.ReadAsync(server, target);
            if (!reference.SchemaDump.SequenceEqual(restoredSchema, StringComparer.Ordinal))
            {
                failures.Add("pg_dump --schema-only differs:\n" + LineDiff.Unified(reference.SchemaDump, restoredSchema, "source", "restored"));
            }
        }

        var data = await DataFingerprint.ReadAsync(server.ConnectionStringFor(target));
        if (mode == FidelityMode.SchemaOnly)
        {
            var filled = data.Lines.Where(l => l.StartsWith("table ", StringComparison.Ordinal) && !l.Contains(" rows=0 ", StringComparison.Ordinal)).ToList();
            if (filled.Count > 0)
            {
                failures.Add("a schema-only restore holds rows:\n" + string.Join('\n', filled));
            }
        }
        else if (DataFingerprint.Compare(reference.Data, data) is { } dataDiff)
        {
            failures.Add("data (rows, sequences, large objects) differs:\n" + dataDiff);
        }

        return failures;
    }

    /// <summary>
    /// The full dump, which also runs the coverage audit: a fidelity file holds only what pgsnap claims to dump, so
    /// the audit must find nothing that the plan leaves out. A refusal here is a real loss, named object by object.
    /// </summary>
    private static async Task<string> DumpCoveredAsync(FidelitySource source)
    {
        try
        {
            return await DumpAsync(source, new DumpOptions(), "full");
        }
        catch (PgSnapException ex) when (ex.Kind == PgSnapErrorKind.Refused)
        {
            throw new Xunit.Sdk.XunitException(
                $"{source.File.Name}.sql on PostgreSQL {source.Server.Major}: the coverage audit found things a full dump would lose:\n{ex.Message}");
        }
    }

    /// <summary>Dumps the source with the engine into a plain archive file in its work folder.</summary>
    public static async Task<string> DumpAsync(FidelitySource source, DumpOptions options, string label)
    {
        var path = Path.Combine(source.WorkDirectory, $"{label}-{Guid.NewGuid():N}.sql");
        var job = new DumpJob(Spec(source, source.Database), options, DumpOutput.ToFile(path, null, force: false), DumpPlanner.PlanAsync);
        await job.RunAsync(CancellationToken.None);
        return path;
    }

    private static async Task RestoreAsync(FidelitySource source, string target, string archive, RestoreOptions options)
    {
        try
        {
            await RestoreEngine.RunAsync(archive, static () => throw new InvalidOperationException("the matrix restores files"), Spec(source, target), options, CancellationToken.None);
        }
        catch (PgSnapException ex)
        {
            throw new Xunit.Sdk.XunitException($"{source.File.Name}.sql on PostgreSQL {source.Server.Major}: restoring {Path.GetFileName(archive)} failed (archive kept): {ex.Message}");
        }
    }

    /// <summary>
    /// The one documented normalisation of the data-only mode: <c>--disable-triggers</c> wraps each table's data in
    /// <c>DISABLE TRIGGER ALL</c> / <c>ENABLE TRIGGER ALL</c>, exactly as pg_dump does, so a trigger that was disabled,
    /// ENABLE REPLICA or ENABLE ALWAYS in the source comes back plain enabled. The source's states are put back (by
    /// trigger name, nothing else) before comparing, and each one is reported in the test output.
    /// </summary>
    private static async Task<List<string>> ReapplyTriggerStatesAsync(FidelitySource source, string target)
    {
        const string States = """
            SELECT format('ALTER TABLE %s %s TRIGGER %I', t.tgrelid::regclass, CASE t.tgenabled WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA' ELSE 'ENABLE ALWAYS' END, t.tgname)
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT t.tgisinternal AND t.tgenabled <> 'O' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            ORDER BY 1
            """;
        var statements = new List<string>();
        await using (var conn = new NpgsqlConnection(source.Server.ConnectionStringFor(source.Database)))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(States, conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                statements.Add(reader.GetString(0));
            }
        }

        foreach (var statement in statements)
        {
            await source.Server.ExecuteAsync(target, statement);
        }

        return statements;
    }

    private static ConnectionSpec Spec(FidelitySource source, string database) => ConnectionStringParser.Parse(source.Server.UrlFor(database));
}
