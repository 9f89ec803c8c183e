using PgSnap.Connection;
using PgSnap.Restore;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

/// <summary>Shared steps of the restore tests: a source database, pg_dump as the oracle, catalog + row comparison.</summary>
internal static class RestoreFixture
{
    /// <summary>A schema that exercises the splitter on real pg_dump output.</summary>
    public const string SampleSchema = """
        CREATE SCHEMA app;
        CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
        CREATE TABLE app.clients (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, mood app.mood, note text, data jsonb, raw bytea);
        CREATE TABLE app.orders (id serial PRIMARY KEY, client_id bigint NOT NULL REFERENCES app.clients(id), total numeric(12,2), at timestamptz DEFAULT now());
        CREATE INDEX orders_client_idx ON app.orders (client_id);
        CREATE VIEW app.client_totals AS SELECT c.name, sum(o.total) AS total FROM app.clients c JOIN app.orders o ON o.client_id = c.id GROUP BY c.name;
        CREATE FUNCTION app.greet(who text) RETURNS text LANGUAGE plpgsql AS $body$
        BEGIN
          RETURN 'it''s; ' || who || $x$; $bod $x$;
        END;
        $body$;
        CREATE FUNCTION app.twice(x integer) RETURNS integer LANGUAGE sql
        BEGIN ATOMIC
          SELECT CASE WHEN x > 0 THEN x * 2 ELSE 0 END;
        END;
        COMMENT ON TABLE app.clients IS 'people; "quoted" and ''single''';
        INSERT INTO app.clients (name, mood, note, data, raw) VALUES
          ('Zoë; the first', 'happy', E'tab\there\nnewline \\ backslash', '{"a": [1, "x;y"]}', '\x00ff5c2e0a'),
          ('\.', 'ok', NULL, NULL, NULL),
          ('O''Brien "q"', 'sad', E'line1\r\nline2', '{}', ''),
          ('日本語 ✓', NULL, repeat('long ', 2000), '[]', decode(repeat('ab', 500), 'hex'));
        INSERT INTO app.orders (client_id, total) SELECT 1 + (g % 4), g * 1.5 FROM generate_series(1, 2000) g;
        SELECT lo_from_bytea(0, '\x68656c6c6f');
        """;

    public static async Task<string> CreateSourceAsync(string prefix)
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync(prefix);
        await PsqlAsync(db, SampleSchema);
        return db;
    }

    /// <summary>Runs a script through psql (the reference client), stopping at the first error.</summary>
    public static async Task PsqlAsync(string database, string sql)
    {
        var server = await TestServer.GetAsync();
        var result = await ProcessRunner.RunAsync(PostgresBinaries.Tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database], server.ToolEnvironment(), stdin: sql);
        Assert.True(result.ExitCode == 0, result.StdErr);
    }

    public static ConnectionSpec SpecFor(TestServer server, string database) => ConnectionStringParser.Parse(server.UrlFor(database));

    /// <summary>Runs pg_dump (plain format) of <paramref name="database"/> into <paramref name="path"/>.</summary>
    public static async Task PgDumpAsync(string database, string path, params string[] extra)
    {
        var server = await TestServer.GetAsync();
        var result = await ProcessRunner.RunAsync(PostgresBinaries.Tool("pg_dump"), [.. extra, "-f", path, database], server.ToolEnvironment());
        Assert.True(result.ExitCode == 0, result.StdErr);
    }

    /// <summary>pg_dump --schema-only text without comments and the lines that name the database.</summary>
    public static async Task<string> SchemaAsync(string database)
    {
        var server = await TestServer.GetAsync();
        var result = await ProcessRunner.RunAsync(PostgresBinaries.Tool("pg_dump"), ["--schema-only", "--no-owner", database], server.ToolEnvironment());
        Assert.True(result.ExitCode == 0, result.StdErr);
        return string.Join('\n', result.StdOut.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal) && !l.StartsWith("\\", StringComparison.Ordinal)));
    }

    /// <summary>Row count and an order-independent checksum of every user table, plus large objects.</summary>
    public static async Task<string> ContentAsync(string database)
    {
        var server = await TestServer.GetAsync();
        var tables = await ProcessRunner.RunAsync(PostgresBinaries.Tool("psql"), ["-X", "-At", "-d", database, "-c", """
            SELECT string_agg(format('SELECT %L || '':'' || count(*) || '':'' || coalesce(sum(hashtext(t::text)::bigint), 0) FROM %I.%I t', n.nspname || '.' || c.relname, n.nspname, c.relname), ' UNION ALL ' ORDER BY n.nspname, c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            """], server.ToolEnvironment());
        Assert.True(tables.ExitCode == 0, tables.StdErr);
        var query = tables.StdOut.Trim();
        var sums = query.Length == 0 ? "" : (await ProcessRunner.RunAsync(PostgresBinaries.Tool("psql"), ["-X", "-At", "-d", database, "-c", query], server.ToolEnvironment())).StdOut;
        var los = await server.ScalarAsync<string>(database, "SELECT coalesce(string_agg(md5(lo_get(oid)), ',' ORDER BY oid), '') FROM pg_largeobject_metadata");
        var seqs = await server.ScalarAsync<string>(database, "SELECT coalesce(string_agg(schemaname || '.' || sequencename || '=' || coalesce(last_value, 0), ',' ORDER BY 1), '') FROM pg_sequences");
        return sums + "|lo:" + los + "|seq:" + seqs;
    }

    public static async Task<RestoreSummary> RestoreAsync(string input, string database, RestoreOptions? options = null)
    {
        var server = await TestServer.GetAsync();
        return await RestoreEngine.RunAsync(input, static () => throw new InvalidOperationException("no stdin in tests"), SpecFor(server, database), options ?? new RestoreOptions(), CancellationToken.None);
    }

    public static string TempFile(string name) => Path.Combine(Path.GetTempPath(), $"pgsnap-restore-{Environment.ProcessId}-{Guid.NewGuid():N}-{name}");
}
