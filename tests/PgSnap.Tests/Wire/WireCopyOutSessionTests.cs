using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using PgSnap.Connection;
using PgSnap.Data.Wire;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Wire;

/// <summary>
/// The wire client against the shared test server (SCRAM on TCP, trust on its Unix socket): login, errors,
/// byte-exact COPY output (Npgsql's raw text-export stream is the oracle), snapshots and cancellation.
/// </summary>
public sealed class WireCopyOutSessionTests
{
    /// <summary>Fixed session settings for both clients, so type output cannot differ by configuration.</summary>
    private const string SameSettings = "SET DateStyle = ISO, MDY; SET TimeZone = 'UTC'; SET extra_float_digits = 1; SET IntervalStyle = postgres; SET bytea_output = hex";

    private static ConnectionSpec SpecFor(TestServer server, string database, string? password = null) => new()
    {
        Host = server.Host,
        Port = server.Port,
        User = server.User,
        Password = password ?? server.Password,
        Database = database,
        SslMode = "disable",
    };

    [Fact]
    public async Task Scram_login_over_tcp_runs_statements_and_reports_server_parameters()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("wire_login");
        await using var session = await WireCopyOutSession.OpenAsync(SpecFor(server, db), CancellationToken.None);

        Assert.False(session.IsTls);
        Assert.Equal("SCRAM-SHA-256", session.AuthenticationMethod);
        Assert.True(session.BackendProcessId > 0);
        Assert.Equal("UTF8", session.ServerParameters["client_encoding"]);
        Assert.Equal("pgsnap", session.ServerParameters["application_name"]);
        await session.ExecuteAsync("CREATE TABLE t (x int); INSERT INTO t VALUES (1), (2)", CancellationToken.None);
        Assert.Equal(2L, await server.ScalarAsync<long>(db, "SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task Wrong_password_fails_with_a_connection_error_that_does_not_contain_it()
    {
        var server = await TestServer.GetAsync();
        const string wrong = "not-the-password-4711";
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => WireCopyOutSession.OpenAsync(SpecFor(server, "postgres", wrong), CancellationToken.None));
        Assert.Equal(PgSnapErrorKind.Connection, ex.Kind);
        Assert.Equal("28P01", ex.SqlState);
        Assert.DoesNotContain(wrong, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password!, ex.Message, StringComparison.Ordinal);
        Assert.Contains("password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_password_is_reported_before_anything_is_sent()
    {
        var server = await TestServer.GetAsync();
        var spec = SpecFor(server, "postgres") with { Password = null };
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => WireCopyOutSession.OpenAsync(spec, CancellationToken.None));
        Assert.Equal(PgSnapErrorKind.Connection, ex.Kind);
        Assert.Contains("none was given", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unix_socket_with_trust_needs_no_password()
    {
        var server = await TestServer.GetAsync();
        var socketDirectories = await server.ScalarAsync<string>("postgres", "SHOW unix_socket_directories");
        var directory = socketDirectories!.Split(',')[0].Trim();
        Assert.True(File.Exists(Path.Combine(directory, $".s.PGSQL.{server.Port}")), $"the test server's socket is not in {directory}");

        var spec = SpecFor(server, "postgres") with { Host = directory, Password = null };
        await using var session = await WireCopyOutSession.OpenAsync(spec, CancellationToken.None);
        Assert.Equal("trust", session.AuthenticationMethod);
        var bytes = await CopyToBytesAsync(session, "COPY (SELECT 'unix') TO STDOUT");
        Assert.Equal("unix\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task Sslmode_require_against_a_server_without_tls_fails_and_prefer_falls_back()
    {
        var server = await TestServer.GetAsync();
        var ssl = await server.ScalarAsync<string>("postgres", "SHOW ssl");
        Assert.Equal("off", ssl);

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => WireCopyOutSession.OpenAsync(SpecFor(server, "postgres") with { SslMode = "require" }, CancellationToken.None));
        Assert.Equal(PgSnapErrorKind.Connection, ex.Kind);
        Assert.Contains("does not support TLS", ex.Message, StringComparison.Ordinal);

        await using var session = await WireCopyOutSession.OpenAsync(SpecFor(server, "postgres") with { SslMode = "prefer" }, CancellationToken.None);
        Assert.False(session.IsTls);
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public async Task Nothing_listening_on_the_port_is_a_connection_error_naming_the_server()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var spec = new ConnectionSpec { Host = "127.0.0.1", Port = port, User = "u", Password = "pw-never-shown", Database = "d", SslMode = "disable" };
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => WireCopyOutSession.OpenAsync(spec, CancellationToken.None));
        Assert.Equal(PgSnapErrorKind.Connection, ex.Kind);
        Assert.StartsWith($"cannot connect to u@127.0.0.1:{port}/d: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-never-shown", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestServers.All), MemberType = typeof(TestServers))]
    public async Task Copy_through_the_session_factory_matches_npgsql_on_every_configured_major(int major)
    {
        var server = await TestServers.ForMajorAsync(major);
        var db = await server.CreateDatabaseAsync("wire_major");
        await server.ExecuteAsync(db, """
            CREATE TABLE m (id int, t text, b bytea);
            INSERT INTO m VALUES (1, NULL, NULL), (2, '', ''), (3, E'a\tb\nc\\d', E'\\x00ff'), (4, E'\\.', NULL), (5, '🐘', NULL);
            """);
        const string copy = "COPY (SELECT * FROM m ORDER BY id) TO STDOUT";
        await using var session = await new WireCopyOutSessionFactory(SpecFor(server, db)).OpenAsync(CancellationToken.None);
        await session.ExecuteAsync(SameSettings, CancellationToken.None);
        var pipe = new Pipe();
        await session.CopyOutAsync(copy, pipe.Writer, CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        var wire = await CollectAsync(pipe.Reader);
        Assert.Equal(await NpgsqlRawTextExportAsync(server, db, copy), wire);
        Assert.Equal(5, wire.Count(b => b == (byte)'\n'));
    }

    [Fact]
    public async Task Copy_output_is_byte_identical_to_npgsql_raw_text_export_for_nasty_values()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("wire_exact");
        await server.ExecuteAsync(db, """
            CREATE TABLE nasty (id int, t text, b bytea, a text[], f float8, n numeric, ts timestamptz, j jsonb);
            INSERT INTO nasty VALUES
              (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
              (2, '', '', '{}', 'NaN', 'NaN', 'infinity', '{}'),
              (3, E'tab\there', E'\\x00ff5c', '{"a,b","c\"d",NULL,""}', 'Infinity', 1e-30, '-infinity', '{"k": "v\nw"}'),
              (4, E'new\nline\r\nend', E'\\x0a0d09', ARRAY[E'x\ty', E'back\\slash'], '-Infinity', 123456789.987654321, '2001-02-03 04:05:06.789+02', '[1, 2.5, null]'),
              (5, E'\\.', NULL, NULL, 1.5e300, -0.0, '1999-12-31 23:59:59+00', 'null'),
              (6, E'back\\slash \\N \\. end\\', NULL, NULL, 0.1, 0, NULL, NULL),
              (7, 'ünïcødé ✓ 日本語 🐘', E'\\xdeadbeef', ARRAY['ß', '🐘'], 2.2250738585072014e-308, 1, NULL, '{"🐘": "ünï"}');
            INSERT INTO nasty
              SELECT g, repeat(md5(g::text), g % 5) || CASE WHEN g % 7 = 0 THEN E'\t\n\\' ELSE '' END,
                     decode(md5(g::text), 'hex'), ARRAY[g::text, NULL], g / 7.0, g * 1.1, '2020-01-01'::timestamptz + g * interval '1 minute',
                     jsonb_build_object('g', g)
              FROM generate_series(8, 100000) g;
            """);
        const string copy = "COPY (SELECT * FROM nasty ORDER BY id) TO STDOUT";

        await using var session = await WireCopyOutSession.OpenAsync(SpecFor(server, db), CancellationToken.None);
        await session.ExecuteAsync(SameSettings, CancellationToken.None);
        var wire = await CopyToBytesAsync(session, copy);
        var oracle = await NpgsqlRawTextExportAsync(server, db, copy);

        Assert.Equal(oracle.Length, wire.Length);
        Assert.Equal(SHA256.HashData(oracle), SHA256.HashData(wire));
        Assert.Equal(100000, wire.Count(b => b == (byte)'\n'));
        var text = Encoding.UTF8.GetString(wire);
        Assert.StartsWith("1\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n2\t\t\\\\x\t{}\tNaN\tNaN\tinfinity\t{}\n", text, StringComparison.Ordinal);
        Assert.Contains("\n5\t\\\\.\t", text, StringComparison.Ordinal);
        Assert.Contains("\n4\tnew\\nline\\r\\nend\t", text, StringComparison.Ordinal);
        Assert.Contains("ünïcødé ✓ 日本語 🐘", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_larger_than_the_read_buffer_stream_through_exactly()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("wire_bigrow");
        await server.ExecuteAsync(db, """
            CREATE TABLE big (id int, t text);
            INSERT INTO big SELECT g, repeat(md5(g::text), 40000 * g) FROM generate_series(1, 3) g;
            INSERT INTO big SELECT g, 'small' FROM generate_series(4, 1000) g;
            """);
        const string copy = "COPY (SELECT * FROM big ORDER BY id) TO STDOUT";

        await using var session = await WireCopyOutSession.OpenAsync(SpecFor(server, db), CancellationToken.None);
        var wire = await CopyToBytesAsync(session, copy);
        var oracle = await NpgsqlRawTextExportAsync(server, db, copy);
        Assert.True(wire.Length > 3 * 1024 * 1024);
        Assert.Equal(SHA256.HashData(oracle), SHA256.HashData(wire));
    }

    [Fact]
    public async Task Copy_returns_the_number_of_bytes_it_wrote_and_the_session_runs_the_next_statement()
    {
        var server = await TestServer.GetAsync();
        await using var session = await WireCopyOutSession.OpenAsync(SpecFor(server, "postgres"), CancellationToken.None);
        var pipe = new Pipe();
        var written = await session.CopyOutAsync("COPY (SELECT g FROM generate_series(1, 10) g) TO STDOUT", pipe.Writer, CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        Assert.Equal("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n".Length, written);
        await session.ExecuteAsync("SELECT 1", CancellationToken.None);
        Assert.Equal("x\n", Encoding.UTF8.GetString(await CopyToBytesAsync(session, "COPY (SELECT 'x') TO STDOUT")));
    }

    [Fact]
    public async Task Exported_snapshot_hides_rows_inserted_after_it()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("wire_snapshot");
        await server.ExecuteAsync(db, "CREATE TABLE s (x int); INSERT INTO s SELECT generate_series(1, 5)");

        await using var exporter = new NpgsqlConnection(server.ConnectionStringFor(db));
        await exporter.OpenAsync();
        await using (var begin = new NpgsqlCommand("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", exporter))
        {
            await begin.ExecuteNonQueryAsync();
        }

        string snapshot;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", exporter))
        {
            snapshot = (string)(await export.ExecuteScalarAsync())!;
        }

        await server.ExecuteAsync(db, "INSERT INTO s SELECT generate_series(6, 10)");

        await using var worker = await WireCopyOutSession.OpenAsync(SpecFor(server, db), CancellationToken.None);
        await worker.ExecuteAsync("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", CancellationToken.None);
        await worker.ExecuteAsync($"SET TRANSACTION SNAPSHOT '{snapshot}'", CancellationToken.None);
        var inSnapshot = Encoding.UTF8.GetString(await CopyToBytesAsync(worker, "COPY (SELECT count(*) FROM s) TO STDOUT"));
        await worker.ExecuteAsync("COMMIT", CancellationToken.None);
        var afterwards = Encoding.UTF8.GetString(await CopyToBytesAsync(worker, "COPY (SELECT count(*) FROM s) TO STDOUT"));

        Assert.Equal("5\n", inSnapshot);
        Assert.Equal("10\n", afterwards);
    }

    [Fact]
    public async Task Error_in_the_middle_of_a_copy_carries_its_sqlstate_and_leaves_the_session_usable()
    {
        var server = await TestServer.GetAsync();
        await using var session = await WireCopyOutSession.OpenAsync(SpecFor(server, "postgres"), CancellationToken.None);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => session.CopyOutAsync(
            "COPY (SELECT 1/(x-5000) FROM generate_series(1,10000) x) TO STDOUT", pipe.Writer, CancellationToken.None));
        Assert.Equal("22012", ex.SqlState);
        Assert.Contains("division by zero", ex.Message, StringComparison.Ordinal);
        Assert.Contains("COPY (SELECT 1/(x-5000)", ex.Message, StringComparison.Ordinal);

        // The rows before the failing one were streamed.
        await pipe.Writer.CompleteAsync();
        var result = await pipe.Reader.ReadAsync();
        Assert.True(result.Buffer.Length > 0);
        pipe.Reader.AdvanceTo(result.Buffer.End);

        Assert.Equal("ok\n", Encoding.UTF8.GetString(await CopyToBytesAsync(session, "COPY (SELECT 'ok') TO STDOUT")));
    }

    [Fact]
    public async Task Failed_statement_reports_sqlstate_and_the_statement_first_line()
    {
        var server = await TestServer.GetAsync();
        await using var session = await WireCopyOutSession.OpenAsync(SpecFor(server, "postgres"), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => session.ExecuteAsync("SELECT * FROM no_such_table\nWHERE true", CancellationToken.None));
        Assert.Equal("42P01", ex.SqlState);
        Assert.StartsWith("SELECT * FROM no_such_table: ERROR: ", ex.Message, StringComparison.Ordinal);

        var copy = await Assert.ThrowsAsync<PgSnapException>(() => session.CopyOutAsync("COPY no_such_table TO STDOUT", new Pipe().Writer, CancellationToken.None));
        Assert.Equal("42P01", copy.SqlState);

        var notCopy = await Assert.ThrowsAsync<PgSnapException>(() => session.CopyOutAsync("SELECT 1", new Pipe().Writer, CancellationToken.None));
        Assert.Contains("not a COPY", notCopy.Message, StringComparison.Ordinal);

        await session.ExecuteAsync("SELECT 1", CancellationToken.None);
    }

    [Fact]
    public async Task Notices_reach_the_notice_handler()
    {
        var server = await TestServer.GetAsync();
        await using var session = await WireCopyOutSession.OpenAsync(SpecFor(server, "postgres"), CancellationToken.None);
        var notices = new List<ServerError>();
        session.NoticeHandler = notices.Add;
        await session.ExecuteAsync("DO $$BEGIN RAISE NOTICE 'hello %', 42; END$$", CancellationToken.None);
        var notice = Assert.Single(notices);
        Assert.Equal("hello 42", notice.Message);
        Assert.Equal("NOTICE", notice.Severity);
    }

    [Fact]
    public async Task Cancelling_a_copy_throws_operation_cancelled_and_cancels_the_backend()
    {
        var server = await TestServer.GetAsync();
        var session = await WireCopyOutSession.OpenAsync(SpecFor(server, "postgres"), CancellationToken.None);
        var pid = session.BackendProcessId;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.CopyOutAsync("COPY (SELECT pg_sleep(60)) TO STDOUT", new Pipe().Writer, cts.Token));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));

        var broken = await Assert.ThrowsAsync<PgSnapException>(() => session.ExecuteAsync("SELECT 1", CancellationToken.None));
        Assert.Contains("lost or cancelled", broken.Message, StringComparison.Ordinal);
        await session.DisposeAsync();

        // The backend goes away (CancelRequest plus the closed socket) instead of sleeping for a minute.
        var gone = false;
        for (var i = 0; i < 50 && !gone; i++)
        {
            gone = await server.ScalarAsync<long>("postgres", $"SELECT count(*) FROM pg_stat_activity WHERE pid = {pid}") == 0;
            if (!gone)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(gone, "the cancelled backend is still running");
    }

    [Fact]
    public async Task Copy_stops_with_an_error_when_the_pipe_reader_completes_early()
    {
        var server = await TestServer.GetAsync();
        await using var session = await WireCopyOutSession.OpenAsync(SpecFor(server, "postgres"), CancellationToken.None);
        var pipe = new Pipe();
        await pipe.Reader.CompleteAsync();
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => session.CopyOutAsync(
            "COPY (SELECT repeat('x', 100) FROM generate_series(1, 1000000)) TO STDOUT", pipe.Writer, CancellationToken.None));
        Assert.Contains("stopped before the end", ex.Message, StringComparison.Ordinal);
    }

    internal static async Task<byte[]> CopyToBytesAsync(WireCopyOutSession session, string copySql)
    {
        var pipe = new Pipe();
        var collect = CollectAsync(pipe.Reader);
        try
        {
            await session.CopyOutAsync(copySql, pipe.Writer, CancellationToken.None);
        }
        finally
        {
            await pipe.Writer.CompleteAsync();
        }

        return await collect;
    }

    private static async Task<byte[]> CollectAsync(PipeReader reader)
    {
        using var buffer = new MemoryStream();
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                buffer.Write(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await reader.CompleteAsync();
        return buffer.ToArray();
    }

    /// <summary>The oracle: Npgsql's text export, read as bytes through its raw copy stream (docs/ARCHITECTURE.md, "The data path").</summary>
    private static async Task<byte[]> NpgsqlRawTextExportAsync(TestServer server, string database, string copySql)
    {
        await using var conn = new NpgsqlConnection(server.ConnectionStringFor(database));
        await conn.OpenAsync();
        await using (var set = new NpgsqlCommand(SameSettings, conn))
        {
            await set.ExecuteNonQueryAsync();
        }

        using var reader = (StreamReader)await conn.BeginTextExportAsync(copySql);
        using var output = new MemoryStream();
        await reader.BaseStream.CopyToAsync(output);
        return output.ToArray();
    }
}
