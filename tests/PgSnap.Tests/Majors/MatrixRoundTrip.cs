using Npgsql;
using PgSnap.Catalog;
using PgSnap.Connection;
using PgSnap.Dump;
using PgSnap.Restore;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.RoundTrip;
using Xunit.Abstractions;

namespace PgSnap.Tests.Majors;

/// <summary>The three ways the matrix dumps and restores a fidelity file.</summary>
public enum FidelityMode
{
    /// <summary>Full dump, restored into an empty database; schema and data must match.</summary>
    Full,

    /// <summary>
    /// <c>--schema-only</c>, restored into an empty database; the schema must match and no table holds rows, except
    /// extension tables, which must hold what the source's do (pg_dump -s carries configuration tables' user rows).
    /// </summary>
    SchemaOnly,

    /// <summary>
    /// <c>--data-only --disable-triggers</c>, restored (without <c>--force</c>: its tables are empty) into a database that
    /// holds the schema-only restore; schema and data must then match the source (after re-applying trigger states and
    /// refreshing the populated materialized views, which pg_dump -a leaves alone too). As with pg_dump -a, the data of tables linked by foreign
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
    /// <param name="server">The server's token: a major (<c>15</c>) or a pinned release (<c>15.18</c>).</param>
    /// <param name="fileName">The fidelity file.</param>
    /// <param name="mode">How to dump and restore it.</param>
    /// <param name="output">The test's output.</param>
    public static Task RunAsync(string server, string fileName, FidelityMode mode, ITestOutputHelper output) =>
        RunAsync(FidelitySource.GetAsync(ServerChoice.Parse("the matrix", server), fileName), mode, output, server);

    /// <summary>One cell for a source loaded by <paramref name="load"/> (a fidelity file or a corpus database).</summary>
    /// <param name="load">The source being loaded.</param>
    /// <param name="mode">How to dump and restore it.</param>
    /// <param name="output">The test's output.</param>
    /// <param name="serverLabel">The server's token for names and messages (default: its major).</param>
    public static async Task RunAsync(Task<FidelitySource> load, FidelityMode mode, ITestOutputHelper output, string? serverLabel = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var source = await load;
        var label = serverLabel ?? source.Server.Major.ToString(System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine($"source ready after {clock.ElapsedMilliseconds} ms");
        foreach (var note in source.Notes)
        {
            output.WriteLine(note);
        }

        var server = source.Server;
        var target = await server.CreateDatabaseAsync($"fid{label.Replace('.', 'm')}_{mode.ToString().ToLowerInvariant()}");
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
                await RestoreAsync(source, target, archive, new RestoreOptions());
                foreach (var reset in await ReapplyTriggerStatesAsync(source, target))
                {
                    output.WriteLine("data-only: " + reset);
                }

                foreach (var refresh in await RefreshMaterializedViewsAsync(source.Server, target))
                {
                    output.WriteLine("data-only: " + refresh);
                }

                break;
        }

        output.WriteLine($"dumped and restored after {clock.ElapsedMilliseconds} ms");
        var failures = await CompareAsync(source, target, mode);
        output.WriteLine($"compared after {clock.ElapsedMilliseconds} ms");
        if (failures.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"{source.Name}, {mode} mode, PostgreSQL {label} ({server.ServerVersionNum}): the round trip lost fidelity (archive kept at {archive})\n\n" + string.Join("\n\n", failures));
        }

        await DropAsync(server, target);
    }

    /// <summary>
    /// Drops a restored database; its subscriptions (restored disabled, without a slot) are dropped first, as a
    /// database that holds one cannot be dropped.
    /// </summary>
    private static async Task DropAsync(Infrastructure.TestServer server, string database)
    {
        var names = new List<string>();
        await using (var conn = new NpgsqlConnection(server.ConnectionStringFor(database)))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT quote_ident(subname) FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())", conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            await server.ExecuteAsync(database, $"ALTER SUBSCRIPTION {name} DISABLE; ALTER SUBSCRIPTION {name} SET (slot_name = NONE); DROP SUBSCRIPTION {name}");
        }

        await server.DropDatabaseAsync(database);
    }

    /// <summary>
    /// The oracle of <see cref="RoundTripOracle.CompareAsync"/> against the source's cached reference: catalog
    /// fingerprint (without large objects in schema-only mode, as pg_dump -s leaves them out), pg_dump --schema-only
    /// where it reads the server, and the data fingerprint (schema-only: every table must be empty instead).
    /// </summary>
    public static async Task<List<string>> CompareAsync(FidelitySource source, string target, FidelityMode mode)
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

            // Extension tables hold the extension's rows plus, as pg_dump treats them as schema, the user rows of
            // configuration tables: they must equal the source's.
            static List<string> ExtensionTables(DataFingerprint f) => f.Lines.Where(l => l.StartsWith(DataFingerprint.ExtensionTablePrefix, StringComparison.Ordinal)).ToList();
            var expectedExtension = ExtensionTables(reference.Data);
            var actualExtension = ExtensionTables(data);
            if (!expectedExtension.SequenceEqual(actualExtension, StringComparer.Ordinal))
            {
                failures.Add("extension tables differ after a schema-only restore:\n" + LineDiff.Unified(expectedExtension, actualExtension, "source", "restored"));
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
                $"{source.Name} on PostgreSQL {source.Server.Major}: the coverage audit found things a full dump would lose:\n{ex.Message}");
        }
    }

    /// <summary>Dumps the source with the engine into a plain archive file in its work folder.</summary>
    /// <param name="source">The loaded fidelity file.</param>
    /// <param name="options">What to dump.</param>
    /// <param name="label">The archive file's name prefix.</param>
    /// <param name="sessionFactory">The data workers' sessions (null: the engine's default, the lean wire client).</param>
    public static async Task<string> DumpAsync(FidelitySource source, DumpOptions options, string label, Func<ConnectionSpec, NpgsqlDataSource, PgSnap.Data.ICopyOutSessionFactory>? sessionFactory = null)
    {
        var path = Path.Combine(source.WorkDirectory, $"{label}-{Guid.NewGuid():N}.sql");
        var spec = Spec(source, source.Database);
        await using var dataSource = DataSourceFactory.Create(spec);
        var job = new DumpJob(spec, options, DumpOutput.ToFile(path, null, force: false), DumpPlanner.PlanAsync)
        {
            SessionFactory = sessionFactory?.Invoke(spec, dataSource),
        };
        await job.RunAsync(CancellationToken.None);
        return path;
    }

    public static async Task RestoreAsync(FidelitySource source, string target, string archive, RestoreOptions options)
    {
        try
        {
            await RestoreEngine.RunAsync(archive, static () => throw new InvalidOperationException("the matrix restores files"), Spec(source, target), options, CancellationToken.None);
        }
        catch (PgSnapException ex)
        {
            var all = options.Force ? string.Empty : await EveryRestoreErrorAsync(source, archive);
            throw new Xunit.Sdk.XunitException($"{source.Name} on PostgreSQL {source.Server.Major}: restoring {Path.GetFileName(archive)} failed (archive kept): {ex.Message}{all}");
        }
    }

    /// <summary>
    /// The engine stops at the first failed statement; to list every one at once, the archive (plain SQL) is replayed
    /// by psql with ON_ERROR_STOP off into a scratch database, and its errors are listed (the first 40).
    /// </summary>
    private static async Task<string> EveryRestoreErrorAsync(FidelitySource source, string archive)
    {
        var server = source.Server;
        var scratch = await server.CreateDatabaseAsync("fid_replay");
        try
        {
            var env = server.ToolEnvironment();
            env["PGDATABASE"] = scratch;
            var result = await Infrastructure.ProcessRunner.RunAsync(
                Infrastructure.PostgresBinaries.Tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=0", "-f", archive], env, timeout: TimeSpan.FromMinutes(5));
            var errors = result.StdErr.Split('\n').Where(l => l.Contains(" ERROR: ", StringComparison.Ordinal)).ToList();
            return $"\n\nevery failed statement when psql replays the archive ({errors.Count}, first 40):\n" +
                string.Join('\n', errors.Take(40).Select(e => e.Length > 300 ? e[..300] + "…" : e));
        }
        finally
        {
            await DropAsync(server, scratch);
        }
    }

    /// <summary>
    /// The one documented normalisation of the data-only mode: <c>--disable-triggers</c> wraps each table's data in
    /// <c>DISABLE TRIGGER ALL</c> / <c>ENABLE TRIGGER ALL</c>, exactly as pg_dump does, so a trigger that was disabled,
    /// ENABLE REPLICA or ENABLE ALWAYS in the source comes back plain enabled. The source's states are put back (by
    /// trigger name, nothing else; a partition's clone of its parent's trigger too, parents before partitions as
    /// ALTER TABLE recurses into partitions from 15) before comparing, and each one is reported in the test output.
    /// </summary>
    private static async Task<List<string>> ReapplyTriggerStatesAsync(FidelitySource source, string target)
    {
        const string States = """
            SELECT format('ALTER TABLE %s %s TRIGGER %I', t.tgrelid::regclass, CASE t.tgenabled WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA' ELSE 'ENABLE ALWAYS' END, t.tgname)
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE (NOT t.tgisinternal OR (t.tgparentid <> 0 AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.oid = t.tgconstraint AND k.contype <> 't')))
              AND t.tgenabled <> 'O' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            ORDER BY (SELECT count(*) FROM pg_partition_ancestors(t.tgrelid)), 1
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

    /// <summary>
    /// The data-only mode's second normalisation: like pg_dump -a, a data-only archive holds no REFRESH MATERIALIZED
    /// VIEW, so the populated materialized views still hold what they computed over the empty tables of the
    /// schema-only restore. They are refreshed (each reported) before comparing; one that reads another not yet
    /// refreshed is retried in a later pass.
    /// </summary>
    private static async Task<List<string>> RefreshMaterializedViewsAsync(Infrastructure.TestServer server, string target)
    {
        var pending = new List<string>();
        await using (var conn = new NpgsqlConnection(server.ConnectionStringFor(target)))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT format('REFRESH MATERIALIZED VIEW %s', c.oid::regclass) FROM pg_class c WHERE c.relkind = 'm' AND c.relispopulated ORDER BY c.oid", conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                pending.Add(reader.GetString(0));
            }
        }

        var done = new List<string>();
        for (var pass = 0; pass < 10 && pending.Count > 0; pass++)
        {
            foreach (var statement in pending.ToList())
            {
                try
                {
                    await server.ExecuteAsync(target, statement);
                    done.Add(statement);
                    pending.Remove(statement);
                }
                catch (PostgresException) when (pass < 9)
                {
                    // Reads a materialized view refreshed later in this pass: tried again in the next one.
                }
            }
        }

        return done;
    }

    private static ConnectionSpec Spec(FidelitySource source, string database) => ConnectionStringParser.Parse(source.Server.UrlFor(database));
}
