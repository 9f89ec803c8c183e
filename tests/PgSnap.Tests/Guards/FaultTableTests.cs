using System.Security.Cryptography;
using Npgsql;
using PgSnap.Archive.Compression;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.Verify;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Guards;

/// <summary>
/// The rows of README.md's fault table that no other test covered: each fault is caused for real against the real
/// binary and server, and the test asserts that nothing is lost and the user is told.
/// </summary>
public sealed class FaultTableTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_dump_killed_mid_copy_while_replacing_a_backup_leaves_the_previous_backup_byte_identical()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("fault_kill");
        var folder = GuardsKit.TempFolder("pgsnap-fault-kill-");
        try
        {
            // Hex text at gzip level 9 compresses slowly, so backpressure holds the server's COPY open while it is killed.
            await server.ExecuteAsync(db, "CREATE TABLE public.big (id int, t text); INSERT INTO public.big SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 400000) g;");
            var path = Path.Combine(folder, "backup_prod_20251120_160000_pre-migration.sql.gz");
            await PgSnapCli.Default.RunCheckedAsync(["dump", "--url", server.UrlFor(db), "-f", path, "--quiet"]);
            var previous = SHA256.HashData(await File.ReadAllBytesAsync(path));

            var dump = PgSnapCli.Default.RunAsync(["dump", "--url", server.UrlFor(db), "-f", path, "--force", "--quiet", "-Z", "gzip:9"]);
            var killed = await TerminateCopyAsync(server, db, dump);

            var result = await dump;
            Assert.True(killed, "the dump finished before its COPY could be terminated");
            Assert.NotEqual(0, result.ExitCode);
            Assert.StartsWith("pgsnap: error:", result.StdErr, StringComparison.Ordinal);
            Assert.Equal(previous, SHA256.HashData(await File.ReadAllBytesAsync(path)));
            Assert.False(File.Exists(path + ".partial"));
            Assert.Equal(0, (await PgSnapCli.Default.RunAsync(["verify", path])).ExitCode);
        }
        finally
        {
            await server.DropDatabaseAsync(db);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_dump_started_during_uncommitted_ddl_waits_for_the_lock_and_then_dumps_a_consistent_archive()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("fault_ddl");
        var folder = GuardsKit.TempFolder("pgsnap-fault-ddl-");
        try
        {
            await server.ExecuteAsync(db, "CREATE TABLE public.agent_calls (id int PRIMARY KEY, dropme text, note text); INSERT INTO public.agent_calls SELECT g, 'd', 'n' || g FROM generate_series(1, 500) g;");
            var path = Path.Combine(folder, "ddl.sql.gz");
            await using var migration = new NpgsqlConnection(server.ConnectionStringFor(db));
            await migration.OpenAsync();
            await Exec(migration, "BEGIN; ALTER TABLE public.agent_calls DROP COLUMN dropme; INSERT INTO public.agent_calls VALUES (501, 'late');");

            var dump = PgSnapCli.Default.RunAsync(["dump", "--url", server.UrlFor(db), "-f", path, "--quiet"]);
            var waited = false;
            for (var i = 0; i < 400 && !dump.IsCompleted && !waited; i++)
            {
                waited = await server.ScalarAsync<bool>("postgres",
                    $"SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = '{db}' AND wait_event_type = 'Lock' AND application_name LIKE 'pgsnap%')");
                await Task.Delay(50);
            }

            Assert.True(waited, "the dump never waited on the migration's lock");
            Assert.False(dump.IsCompleted);
            Assert.False(File.Exists(path));
            await Exec(migration, "COMMIT");

            var result = await dump;
            output.WriteLine(result.StdErr);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(0, (await PgSnapCli.Default.RunAsync(["verify", path, "--against", server.UrlFor(db)])).ExitCode);
            var restored = await server.CreateDatabaseAsync("fault_ddl_restored");
            await PgSnapCli.Default.RunCheckedAsync(["restore", path, "--url", server.UrlFor(restored)]);
            Assert.Equal(await GuardsKit.FingerprintAsync(server, db, "public.agent_calls"), await GuardsKit.FingerprintAsync(server, restored, "public.agent_calls"));
            await server.DropDatabaseAsync(restored);
        }
        finally
        {
            await server.DropDatabaseAsync(db);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_wrong_password_exits_3_from_every_command_and_never_prints_the_password_even_with_verbose()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("fault_pw");
        var (_, archive) = await VerifyTestKit.DumpAsync(server, ".sql", CompressionSpec.None);
        var folder = GuardsKit.TempFolder("pgsnap-fault-pw-");
        const string Wrong = "Wr0ng-Pa55word-never-shown";
        try
        {
            var url = $"postgresql://{server.User}:{Wrong}@{server.Host}:{server.Port}/{db}?sslmode=disable";
            string[][] commands =
            [
                ["dump", "--verbose", "--url", url, "-f", Path.Combine(folder, "x.sql.gz")],
                ["restore", "--verbose", archive, "--url", url],
                ["verify", "--verbose", archive, "--against", url],
                ["roles", "--verbose", "--url", url],
                ["drill", "--verbose", archive, "--scratch-url", url],
            ];
            foreach (var args in commands)
            {
                var result = await PgSnapCli.Default.RunAsync(args);
                output.WriteLine($"{args[0]}: {result.ExitCode}: {result.StdErr}");
                Assert.Equal(3, result.ExitCode);
                Assert.Contains("password", result.StdErr, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Wrong, result.StdErr + result.StdOutText, StringComparison.Ordinal);
            }

            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            File.Delete(archive);
            await server.DropDatabaseAsync(db);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Hostile_names_and_data_that_look_like_psql_commands_round_trip_exactly_and_never_run()
    {
        var server = await TestServer.GetAsync();
        var canary = Path.Combine(Path.GetTempPath(), $"pgsnap-canary-{Guid.NewGuid():N}");
        var db = await server.CreateDatabaseAsync("fault_hostile");
        var folder = GuardsKit.TempFolder("pgsnap-fault-hostile-");
        var sql = $$"""
            CREATE SCHEMA "s'; \! touch {{canary}}
            ";
            CREATE TABLE "s'; \! touch {{canary}}
            "."t"";
            \! touch {{canary}}" ("c
            \! touch {{canary}}" text, "\." int);
            INSERT INTO "s'; \! touch {{canary}}
            "."t"";
            \! touch {{canary}}" VALUES
                (E'\n\\! touch {{canary}}\n', 1), (E'\\.\n\\! touch {{canary}}', 2), ('-- pgsnap:end', 3), (E'\\\\! rm -rf /', 4),
                (E'x\r\n\\! touch {{canary}}', 5), ('$$ \! touch {{canary}} $$', 6);
            COMMENT ON TABLE "s'; \! touch {{canary}}
            "."t"";
            \! touch {{canary}}" IS E'*/ \n\\! touch {{canary}}\n/*';
            CREATE FUNCTION public.f() RETURNS text LANGUAGE sql AS $body$
            SELECT '
            \! touch {{canary}}
            '::text $body$;
            """;
        try
        {
            await server.ExecuteAsync(db, sql);
            var path = Path.Combine(folder, "hostile.sql");
            await PgSnapCli.Default.RunCheckedAsync(["dump", "--url", server.UrlFor(db), "-f", path, "--quiet"]);
            var viaPgsnap = await server.CreateDatabaseAsync("fault_hostile_pgsnap");
            await PgSnapCli.Default.RunCheckedAsync(["restore", path, "--url", server.UrlFor(viaPgsnap)]);
            var viaPsql = await server.CreateDatabaseAsync("fault_hostile_psql");
            var psql = await ProcessRunner.RunAsync(PostgresBinaries.Tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", viaPsql, "-f", path], server.ToolEnvironment());
            Assert.True(psql.ExitCode == 0, psql.StdErr);

            Assert.False(File.Exists(canary), "a psql command hidden in a name or a value was executed");
            var expected = await HostileStateAsync(server, db);
            output.WriteLine(expected);
            Assert.Contains("rm -rf", expected, StringComparison.Ordinal);
            Assert.Equal(expected, await HostileStateAsync(server, viaPgsnap));
            Assert.Equal(expected, await HostileStateAsync(server, viaPsql));
            await server.DropDatabaseAsync(viaPgsnap);
            await server.DropDatabaseAsync(viaPsql);
        }
        finally
        {
            File.Delete(canary);
            await server.DropDatabaseAsync(db);
            Directory.Delete(folder, recursive: true);
        }
    }

    // An uncompressed .sql has no CRC of its own: only the manifest's block checksums, checked before anything
    // runs, catch the flip there.
    [Theory]
    [InlineData(".sql")]
    [InlineData(".sql.gz")]
    [InlineData(".sql.lz4")]
    [InlineData(".sql.zst")]
    public async Task Restore_of_an_archive_with_a_flipped_byte_exits_4_and_commits_nothing_with_single_transaction(string extension)
    {
        var server = await TestServer.GetAsync();
        var compression = extension switch
        {
            ".sql.gz" => CompressionSpec.Gzip,
            ".sql.lz4" => CompressionSpec.Lz4,
            ".sql.zst" => CompressionSpec.Zstd,
            _ => CompressionSpec.None,
        };
        var (db, path) = await VerifyTestKit.DumpAsync(server, extension, compression);
        var manifest = await VerifyTestKit.ManifestAsync(path);
        var block = manifest.Blocks.Where(static b => b.Section == "data" && b.Rows > 100).Skip(1).First();
        var damaged = VerifyTestKit.Copy(path, bytes =>
        {
            bytes[block.Offset + (block.Length / 2)] ^= 0x10;
            return bytes;
        });
        var target = await server.CreateDatabaseAsync("fault_flip");
        try
        {
            var result = await PgSnapCli.Default.RunAsync(["restore", damaged, "--url", server.UrlFor(target), "--single-transaction"]);

            output.WriteLine(result.StdErr);
            Assert.Equal(4, result.ExitCode);
            Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"));
            if (compression == CompressionSpec.None)
            {
                Assert.Contains($"block {block.Id} ", result.StdErr, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(path);
            File.Delete(damaged);
            await server.DropDatabaseAsync(db);
            await server.DropDatabaseAsync(target);
        }
    }

    private static async Task<string> HostileStateAsync(TestServer server, string database) =>
        await server.ScalarAsync<string>(database, """
            SELECT n.nspname || '|' || c.relname || '|' || (SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = c.oid AND attnum > 0)
                   || '|' || coalesce(obj_description(c.oid, 'pg_class'), '')
                   || '|' || (SELECT string_agg(format('%L', r), ';' ORDER BY r::text) FROM (SELECT * FROM pg_catalog.pg_class WHERE false) r)
                   || '|' || pg_get_functiondef('public.f()'::regprocedure)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            """) + "\n" + await RowsAsync(server, database);

    private static async Task<string> RowsAsync(TestServer server, string database)
    {
        var table = await server.ScalarAsync<string>(database,
            "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')");
        return (await server.ScalarAsync<string>(database, $"SELECT string_agg(format('%L', t::text), E'\\n' ORDER BY t::text) FROM {table} t"))!;
    }

    private static async Task<bool> TerminateCopyAsync(TestServer server, string db, Task dump)
    {
        await using var conn = new NpgsqlConnection(server.ConnectionStringFor("postgres"));
        await conn.OpenAsync();
        while (!dump.IsCompleted)
        {
            await using var cmd = new NpgsqlCommand(
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{db}' AND query LIKE 'COPY%' AND state = 'active'", conn);
            if ((long)(await cmd.ExecuteScalarAsync())! > 0)
            {
                return true;
            }

            await Task.Delay(10);
        }

        return false;
    }

    private static async Task Exec(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
