using PgSnap.Connection;
using PgSnap.Dump;
using PgSnap.Restore;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.RoundTrip;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Majors;

/// <summary>
/// <c>restore --clean</c> over a database the archive could have come from, for every fidelity file (sharing the
/// matrix's loaded sources): (1) over a restore of the same archive, the result must equal a fresh restore (the
/// matrix's oracle: catalog fingerprint, pg_dump --schema-only, data); the same for a pg_dump plain file where the
/// installed pg_dump reads the server; (2) over that database after "migrations" (a dropped column, a new index, a
/// renamed policy, a new table), restored with the README's rollback line run as written (the CLI with --clean,
/// --backup-dir and --env, so its safety backup too): again equal, the new table left in place and named in the summary; (3) a restore
/// that fails part way (a failing statement injected before the completion marker) leaves the target exactly as
/// it was.
/// </summary>
internal static class CleanRoundTrip
{
    private const string AddedTable = "pgsnap_migration_added";

    public static async Task RunAsync(int major, string fileName, ITestOutputHelper output)
    {
        var source = await FidelitySource.GetAsync(major, fileName);
        var server = source.Server;
        var archive = await FullArchiveAsync(source);
        var target = await server.CreateDatabaseAsync($"fid{major}_clean");
        var failures = new List<string>();

        await RestoreAsync(source, target, archive, new RestoreOptions());
        var again = await RestoreAsync(source, target, archive, new RestoreOptions { Clean = true });
        failures.AddRange((await MatrixRoundTrip.CompareAsync(source, target, FidelityMode.Full)).Select(f => "--clean over the same restore: " + f));
        if (again.LeftInPlace.Count > 0)
        {
            failures.Add("--clean over the same restore reports objects left in place: " + string.Join(", ", again.LeftInPlace));
        }

        var migrations = await MigrateAsync(server, target);
        output.WriteLine("migrations: " + string.Join("; ", migrations));
        // The README's rollback line, as written: the CLI, with its verified pre-restore safety backup.
        var backups = Directory.CreateTempSubdirectory("pgsnap-rollback-").FullName;
        var rollback = await PgSnapCli.Default.RunAsync(["restore", archive, "--url", server.UrlFor(target), "--clean", "--backup-dir", backups, "--env", "prod"], timeout: TimeSpan.FromMinutes(5));
        if (rollback.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"{fileName}.sql on PostgreSQL {major}: the README's rollback line (restore --clean --backup-dir DIR --env prod) after migrations exited {rollback.ExitCode} (archive kept at {archive}):\n{rollback.StdErr}");
        }

        var leftLine = rollback.StdErr.Split('\n').FirstOrDefault(static l => l.StartsWith("pgsnap: left in place", StringComparison.Ordinal));
        if (leftLine is null || !leftLine.Contains($"table public.{AddedTable}", StringComparison.Ordinal))
        {
            failures.Add($"--clean after migrations: the summary does not name table public.{AddedTable} as left in place:\n{rollback.StdErr}");
        }

        if (Directory.GetFiles(backups, "backup_prod_*_pre-restore.sql.gz").Length != 1)
        {
            failures.Add($"the rollback line wrote no safety backup backup_prod_…_pre-restore.sql.gz into --backup-dir (it holds: {string.Join(", ", Directory.GetFiles(backups).Select(Path.GetFileName))})");
        }

        Directory.Delete(backups, recursive: true);

        if (await server.ScalarAsync<string>(target, $"SELECT to_regclass('public.{AddedTable}')::text") is null)
        {
            failures.Add($"--clean after migrations dropped table public.{AddedTable}, which the archive does not hold");
        }

        await server.ExecuteAsync(target, $"DROP TABLE IF EXISTS public.{AddedTable}");
        failures.AddRange((await MatrixRoundTrip.CompareAsync(source, target, FidelityMode.Full)).Select(f => "--clean after migrations: " + f));

        var broken = await InjectFailureAsync(archive);
        var before = await SnapshotAsync(server, target);
        try
        {
            await RestoreEngine.RunAsync(broken, static () => Stream.Null, Spec(server, target), new RestoreOptions { Clean = true }, CancellationToken.None);
            failures.Add("a --clean restore with an injected failing statement succeeded");
        }
        catch (PgSnapException ex)
        {
            output.WriteLine("injected failure: " + ex.Message);
        }

        var after = await SnapshotAsync(server, target);
        if (CatalogFingerprint.Compare(before.Catalog, after.Catalog, "before", "after") is { } catalogDiff)
        {
            failures.Add("a failed --clean restore changed the target's catalog:\n" + catalogDiff);
        }

        if (DataFingerprint.Compare(before.Data, after.Data) is { } dataDiff)
        {
            failures.Add("a failed --clean restore changed the target's data:\n" + dataDiff);
        }

        if (server.ReferencePgDumpWorks && await PgDumpFileAsync(server, source, output) is { } plain)
        {
            var fromPlain = await server.CreateDatabaseAsync($"fid{major}_cleanpg");
            await RestoreAsync(source, fromPlain, plain, new RestoreOptions());
            // pg_dump's own output may differ from the source in ways that are not --clean's (it reorders a
            // server's options, for one): the oracle here is a fresh restore of the same file.
            var fresh = await SnapshotAsync(server, fromPlain);
            var freshSchema = await ReferenceSchemaDump.ReadAsync(server, fromPlain);
            await RestoreAsync(source, fromPlain, plain, new RestoreOptions { Clean = true });
            var cleaned = await SnapshotAsync(server, fromPlain);
            if (CatalogFingerprint.Compare(fresh.Catalog, cleaned.Catalog, "fresh restore", "--clean restore") is { } plainCatalog)
            {
                failures.Add("--clean of a pg_dump file over its restore: catalog fingerprint differs:\n" + plainCatalog);
            }

            if (DataFingerprint.Compare(fresh.Data, cleaned.Data) is { } plainData)
            {
                failures.Add("--clean of a pg_dump file over its restore: data differs:\n" + plainData);
            }

            var cleanedSchema = await ReferenceSchemaDump.ReadAsync(server, fromPlain);
            if (!freshSchema.SequenceEqual(cleanedSchema, StringComparer.Ordinal))
            {
                failures.Add("--clean of a pg_dump file over its restore: pg_dump --schema-only differs:\n" + LineDiff.Unified(freshSchema, cleanedSchema, "fresh restore", "--clean restore"));
            }

            await server.DropDatabaseAsync(fromPlain);
        }

        if (failures.Count > 0)
        {
            throw new Xunit.Sdk.XunitException($"{fileName}.sql, --clean, PostgreSQL {major} (archive kept at {archive}):\n\n" + string.Join("\n\n", failures));
        }

        await server.DropDatabaseAsync(target);
    }

    /// <summary>A full dump of the source, made once per source and shared with nothing else (it is only read).</summary>
    private static Task<string> FullArchiveAsync(FidelitySource source) => MatrixRoundTrip.DumpAsync(source, new DumpOptions(), "clean");

    /// <summary>
    /// What a migration typically does to a database between a backup and its restore: drop a column, add an index,
    /// rename a policy, add a table. Each applies where the restored file has something to change.
    /// </summary>
    private static async Task<List<string>> MigrateAsync(TestServer server, string database)
    {
        const string Pick = """
            SELECT
              (SELECT format('ALTER TABLE %I.%I DROP COLUMN %I CASCADE', n.nspname, c.relname, a.attname)
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
               WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
                 AND a.attnum > 1 AND NOT a.attisdropped AND NOT c.relispartition AND c.reloftype = 0
                 AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid OR i.inhparent = c.oid)
                 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
               ORDER BY n.nspname, c.relname, a.attnum DESC LIMIT 1),
              (SELECT format('CREATE INDEX pgsnap_migration_idx ON %I.%I (%I)', n.nspname, c.relname, a.attname)
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
               JOIN pg_opclass o ON o.opcintype = a.atttypid AND o.opcdefault AND o.opcmethod = (SELECT oid FROM pg_am WHERE amname = 'btree')
               WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
                 AND a.attnum = 1 AND NOT c.relispartition
                 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
               ORDER BY n.nspname DESC, c.relname DESC LIMIT 1),
              (SELECT format('ALTER POLICY %I ON %I.%I RENAME TO %I', p.polname, n.nspname, c.relname, p.polname || '_renamed')
               FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
               ORDER BY 1 LIMIT 1)
            """;
        var applied = new List<string>();
        await using (var conn = new Npgsql.NpgsqlConnection(server.ConnectionStringFor(database)))
        {
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand(Pick, conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            await reader.ReadAsync();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (!reader.IsDBNull(i))
                {
                    applied.Add(reader.GetString(i));
                }
            }
        }

        applied.Add($"CREATE SCHEMA IF NOT EXISTS public; CREATE TABLE public.{AddedTable} (id int PRIMARY KEY, note text); INSERT INTO public.{AddedTable} VALUES (1, 'kept')");
        foreach (var statement in applied)
        {
            await server.ExecuteAsync(database, statement);
        }

        return applied;
    }

    /// <summary>The archive cut before its manifest, with a failing statement where the completion marker would be.</summary>
    private static async Task<string> InjectFailureAsync(string archive)
    {
        var text = await File.ReadAllTextAsync(archive);
        var manifest = text.IndexOf("\n-- pgsnap:manifest ", StringComparison.Ordinal);
        Assert.True(manifest > 0, "the archive has a manifest");
        var broken = archive + ".broken.sql";
        await File.WriteAllTextAsync(broken, text[..(manifest + 1)] + "DO $$BEGIN RAISE EXCEPTION 'injected failure'; END$$;\n");
        return broken;
    }

    private static async Task<(CatalogFingerprint Catalog, DataFingerprint Data)> SnapshotAsync(TestServer server, string database) =>
        (await CatalogFingerprint.ReadAsync(server.ConnectionStringFor(database)), await DataFingerprint.ReadAsync(server.ConnectionStringFor(database)));

    /// <summary>
    /// pg_dump's plain file of the source, or null (said in the output) when pg_dump's own output does not restore,
    /// which psql shows (ON_ERROR_STOP): then there is no fresh restore to compare a --clean one with. The corpus
    /// holds such cases on purpose (e.g. a comment on an inherited constraint that pg_dump writes before the child has it).
    /// </summary>
    private static async Task<string?> PgDumpFileAsync(TestServer server, FidelitySource source, ITestOutputHelper output)
    {
        var plain = Path.Combine(source.WorkDirectory, $"pg_dump-{Guid.NewGuid():N}.sql");
        await PgDumpAsync(server, source.Database, plain);
        var probe = await server.CreateDatabaseAsync("cleanpg_probe");
        try
        {
            var env = server.ToolEnvironment();
            env["PGDATABASE"] = probe;
            var psql = await ProcessRunner.RunAsync(PostgresBinaries.Tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", plain], env, timeout: TimeSpan.FromMinutes(3));
            if (psql.ExitCode != 0)
            {
                output.WriteLine($"pg_dump's own plain output of {source.Name} does not restore with psql either, so its --clean round trip is not checked: {psql.StdErr.Trim()}");
                return null;
            }

            return plain;
        }
        finally
        {
            await server.DropDatabaseAsync(probe);
        }
    }

    private static async Task PgDumpAsync(TestServer server, string database, string path)
    {
        var env = server.ToolEnvironment();
        env["PGDATABASE"] = database;
        var result = await ProcessRunner.RunAsync(PostgresBinaries.Tool("pg_dump"), ["--no-sync", "-f", path], env, timeout: TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_dump {database} failed ({result.ExitCode}): {result.StdErr}");
        }
    }

    private static async Task<RestoreSummary> RestoreAsync(FidelitySource source, string target, string archive, RestoreOptions options)
    {
        try
        {
            return await RestoreEngine.RunAsync(archive, static () => Stream.Null, Spec(source.Server, target), options, CancellationToken.None);
        }
        catch (PgSnapException ex)
        {
            throw new Xunit.Sdk.XunitException($"{source.Name} on PostgreSQL {source.Server.Major}: restoring {Path.GetFileName(archive)}{(options.Clean ? " with --clean" : string.Empty)} failed (archive kept): {ex.Message}");
        }
    }

    private static ConnectionSpec Spec(TestServer server, string database) => ConnectionStringParser.Parse(server.UrlFor(database));
}

/// <summary>
/// --clean over a database the archive could have come from, for every fidelity file on the suite's majors
/// (<c>PGSNAP_TEST_SERVERS</c>; not the fidelity-only ones, to stay within the CI budget).
/// </summary>
public sealed class CleanFidelityMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<int, string> Cases
    {
        get
        {
            var data = new TheoryData<int, string>();
            foreach (var major in TestServers.Majors)
            {
                foreach (var file in FidelityFile.Names())
                {
                    data.Add(major, file);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Restore_clean_over_a_database_the_archive_could_come_from_equals_a_fresh_restore(int major, string file) =>
        CleanRoundTrip.RunAsync(major, file, output);
}
