using Npgsql;
using PgSnap.Archive;
using PgSnap.Dump;
using PgSnap.Dump.Preflight;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Guards;

/// <summary>Preflight before a dump, against the real server, with a role that lacks privileges.</summary>
public sealed class PreflightTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Preflight_lists_every_unreadable_table_sequence_schema_and_large_object_with_the_grant_that_fixes_it()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("pf_grants");
        var role = $"pf_reader_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
        try
        {
            await server.ExecuteAsync(db, $"""
                CREATE ROLE {role} LOGIN PASSWORD 'pf-pass';
                CREATE SCHEMA auth;
                CREATE TABLE auth.audit_log_entries (id bigint PRIMARY KEY, payload text);
                CREATE TABLE auth.users (id bigint PRIMARY KEY);
                CREATE SCHEMA vault;
                CREATE TABLE vault.secrets (id int);
                CREATE TABLE public.clients (id serial PRIMARY KEY, name text);
                CREATE SEQUENCE public.invoice_no;
                SELECT lo_create(424242);
                GRANT USAGE ON SCHEMA auth TO {role};
                GRANT SELECT ON auth.users TO {role};
                GRANT SELECT ON public.clients TO {role};
                GRANT SELECT ON SEQUENCE public.clients_id_seq TO {role};
                """);
            var folder = Directory.CreateTempSubdirectory("pgsnap-pf-").FullName;

            var result = await RunAsRoleAsync(server, db, role, new PreflightRequest { Options = new DumpOptions(), OutputDirectory = folder });

            var fixes = result.Blocking.Select(p => p.Fix).ToList();
            Assert.Contains($"GRANT SELECT ON TABLE auth.audit_log_entries TO {role};", fixes);
            Assert.Contains($"GRANT USAGE ON SCHEMA vault TO {role};", fixes);
            Assert.Contains($"GRANT SELECT ON TABLE vault.secrets TO {role};", fixes);
            Assert.Contains($"GRANT SELECT ON SEQUENCE public.invoice_no TO {role};", fixes);
            Assert.Contains($"GRANT SELECT ON LARGE OBJECT 424242 TO {role};", fixes);
            Assert.DoesNotContain(fixes, f => f!.Contains("auth.users", StringComparison.Ordinal) || f.Contains("clients", StringComparison.Ordinal));
            Assert.DoesNotContain(fixes, f => f!.Contains("SCHEMA auth", StringComparison.Ordinal));
            Assert.Equal(5, result.Blocking.Count());
            Assert.False(result.Passed);
            var refused = Assert.Throws<PgSnapException>(result.ThrowIfBlocked);
            Assert.Equal(PgSnapErrorKind.Refused, refused.Kind);
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));

            // After the GRANTs it names, the same role passes.
            await server.ExecuteAsync(db, string.Join('\n', fixes));
            var fixedResult = await RunAsRoleAsync(server, db, role, new PreflightRequest { Options = new DumpOptions(), OutputDirectory = folder });
            Assert.True(fixedResult.Passed, string.Join("; ", fixedResult.Problems.Select(p => p.Message)));
        }
        finally
        {
            await server.DropDatabaseAsync(db);
            await server.ExecuteAsync("postgres", $"DROP ROLE IF EXISTS {role}");
        }
    }

    [Fact]
    public async Task Preflight_only_checks_what_the_table_filter_selects()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("pf_filter");
        var role = $"pf_filter_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
        try
        {
            await server.ExecuteAsync(db, $"""
                CREATE ROLE {role} LOGIN PASSWORD 'pf-pass';
                CREATE TABLE public.agent_calls (id int);
                CREATE TABLE public.hidden (id int);
                GRANT SELECT ON public.agent_calls TO {role};
                """);

            var result = await RunAsRoleAsync(server, db, role, new PreflightRequest { Options = new DumpOptions { IncludeTables = ["public.agent_calls"] } });

            Assert.True(result.Passed, string.Join("; ", result.Problems.Select(p => p.Message)));
            Assert.Null(result.FreeBytes);
        }
        finally
        {
            await server.DropDatabaseAsync(db);
            await server.ExecuteAsync("postgres", $"DROP ROLE IF EXISTS {role}");
        }
    }

    [Fact]
    public async Task Preflight_refuses_a_dump_that_clearly_cannot_fit_in_a_tiny_tmpfs_before_writing_anything()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("pf_space");
        await server.ExecuteAsync(db, "CREATE TABLE big AS SELECT g AS id, repeat(md5(g::text), 2) AS payload FROM generate_series(1, 60000) g");
        await using var tmpfs = await TinyFileSystem.TryMountAsync("size=1m");

        // Fallback when the machine cannot mount: an injected 1 MiB free figure on an ordinary folder.
        var folder = tmpfs?.Path ?? Directory.CreateTempSubdirectory("pgsnap-pf-").FullName;
        var probe = tmpfs is null ? new FixedFreeSpace(1024 * 1024) : (IFreeSpaceProbe)FileSystemFreeSpaceProbe.Instance;
        if (tmpfs is null)
        {
            output.WriteLine("mount -t tmpfs failed: this run used an injected 1 MiB free-space figure instead of a real tiny filesystem");
        }

        var request = new PreflightRequest { Options = new DumpOptions(), OutputDirectory = folder, Compression = ArchiveCompression.None, FreeSpace = probe };
        var result = await RunAsSuperuserAsync(server, db, request);

        var space = Assert.Single(result.Blocking);
        Assert.Equal(PreflightCheck.DiskSpace, space.Check);
        Assert.Contains("clearly cannot fit", space.Message, StringComparison.Ordinal);
        Assert.InRange(result.FreeBytes!.Value, 1, 1024 * 1024);
        Assert.True(result.Estimate!.MinimumBytes > result.FreeBytes);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));

        // --force turns the refusal into a warning.
        var forced = await RunAsSuperuserAsync(server, db, request with { Force = true });
        Assert.True(forced.Passed);
        Assert.Contains(forced.Warnings, w => w.Check == PreflightCheck.DiskSpace && w.ForceOverrides);

        // A dump that fits is not refused: the same table, gzip-compressed, with plenty of space.
        var roomy = await RunAsSuperuserAsync(server, db, request with { FreeSpace = new FixedFreeSpace(1L << 40), Compression = ArchiveCompression.Gzip });
        Assert.True(roomy.Passed);
        Assert.Empty(roomy.Problems);
        await server.DropDatabaseAsync(db);
    }

    [Fact]
    public async Task Preflight_sizes_tables_by_heap_and_toast_main_forks_without_the_maps_or_toast_index()
    {
        // The estimate needs the bytes COPY will read; the free-space and visibility maps and the TOAST index only cost
        // the server one more relation open and several file stats per table (thousands of small tables, README).
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("pf_sizes");
        await server.ExecuteAsync(db, """
            CREATE TABLE docs (id int PRIMARY KEY, body text);
            ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL;
            INSERT INTO docs SELECT g, repeat(md5(g::text), 200) FROM generate_series(1, 300) g;
            DELETE FROM docs WHERE id % 3 = 0;
            """);
        await server.ExecuteAsync(db, "VACUUM docs");
        await using var conn = new NpgsqlConnection(server.ConnectionStringFor(db));
        await conn.OpenAsync();
        await using var sizes = new NpgsqlCommand(
            """
            SELECT pg_relation_size(c.oid) + pg_relation_size(c.reltoastrelid), pg_table_size(c.oid)
            FROM pg_class c WHERE c.oid = 'public.docs'::regclass
            """,
            conn);
        await using var reader = await sizes.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (mainForks, tableSize) = (reader.GetInt64(0), reader.GetInt64(1));
        await reader.CloseAsync();
        Assert.True(tableSize > mainForks, $"pg_table_size {tableSize} should exceed the main forks {mainForks} once VACUUM made the maps");

        var result = await DumpPreflight.RunAsync(conn, new PreflightRequest { Options = new DumpOptions() }, CancellationToken.None);

        Assert.Equal(mainForks, result.Estimate!.TableBytes);
        await server.DropDatabaseAsync(db);
    }

    [Fact]
    public async Task Preflight_refuses_a_read_only_or_missing_output_folder()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("pf_folder");
        await using var readOnly = await TinyFileSystem.TryMountAsync("ro,size=64k");
        Assert.True(readOnly is not null, "mount -t tmpfs -o ro failed on this machine");

        var result = await RunAsSuperuserAsync(server, db, new PreflightRequest { Options = new DumpOptions(), OutputDirectory = readOnly!.Path });
        var problem = Assert.Single(result.Blocking);
        Assert.Equal(PreflightCheck.OutputFolder, problem.Check);
        Assert.Contains("is not writable", problem.Message, StringComparison.Ordinal);

        var missing = Path.Combine(Path.GetTempPath(), "pgsnap-no-such-folder-" + Guid.NewGuid().ToString("N"));
        var missingResult = await RunAsSuperuserAsync(server, db, new PreflightRequest { Options = new DumpOptions(), OutputDirectory = missing });
        var missingProblem = Assert.Single(missingResult.Blocking);
        Assert.Contains("does not exist", missingProblem.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
        await server.DropDatabaseAsync(db);
    }

    [Fact]
    public async Task Preflight_knows_the_test_servers_major_version()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("pf_version");
        var result = await RunAsSuperuserAsync(server, db, new PreflightRequest { Options = new DumpOptions() });
        Assert.InRange(result.ServerVersionNum / 10000, DumpPreflight.OldestMajor, DumpPreflight.NewestMajor);
        Assert.DoesNotContain(result.Problems, p => p.Check == PreflightCheck.ServerVersion);
        await server.DropDatabaseAsync(db);
    }

    private static async Task<PreflightResult> RunAsRoleAsync(TestServer server, string db, string role, PreflightRequest request)
    {
        var csb = new NpgsqlConnectionStringBuilder(server.ConnectionStringFor(db)) { Username = role, Password = "pf-pass" };
        await using var conn = new NpgsqlConnection(csb.ConnectionString);
        await conn.OpenAsync();
        return await DumpPreflight.RunAsync(conn, request, CancellationToken.None);
    }

    private static async Task<PreflightResult> RunAsSuperuserAsync(TestServer server, string db, PreflightRequest request)
    {
        await using var conn = new NpgsqlConnection(server.ConnectionStringFor(db));
        await conn.OpenAsync();
        return await DumpPreflight.RunAsync(conn, request, CancellationToken.None);
    }
}
