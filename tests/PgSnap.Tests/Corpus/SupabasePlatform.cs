using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using PgSnap.Sql;
using PgSnap.Tests.Infrastructure;

namespace PgSnap.Tests.Corpus;

/// <summary>
/// A fresh Supabase-like project: a throwaway cluster whose bootstrap superuser is <c>supabase_admin</c>, with
/// Supabase's own published SQL (Corpus/UPSTREAM.md, upstream/supabase/) applied the way the platform applies it:
/// supabase/postgres's init scripts as <c>postgres</c> and its migrations as <c>supabase_admin</c> (its
/// migrate.sh), then GoTrue's migrations as <c>supabase_auth_admin</c> in the <c>auth</c> namespace and the storage
/// server's tenant migrations as <c>supabase_storage_admin</c>, each recorded in its own migrations table as those
/// servers do. The files are read unchanged; the only rewriting is GoTrue's template placeholder for its namespace.
/// A statement that needs an extension this server does not offer (pgjwt, pgsodium, pg_graphql…) is left out and
/// listed in <see cref="Notes"/>; every other statement must load.
/// </summary>
internal sealed partial class SupabasePlatform : IAsyncDisposable
{
    /// <summary>The password every login role of the platform gets here (the test cluster's superuser password).</summary>
    public const string Password = LocalCluster.SuperuserPassword;

    /// <summary>
    /// Objects an extension creates that the platform's files name outside DO blocks and function bodies (which test
    /// for the extension when they run): a statement naming one is left out when the server lacks the extension.
    /// </summary>
    private static readonly Dictionary<string, Regex> s_extensionObjects = new(StringComparer.Ordinal)
    {
        ["pgsodium"] = new(@"\bpgsodium_key\w+", RegexOptions.IgnoreCase),
    };

    private readonly List<string> _notes = [];
    private HashSet<string> _available = [];

    private SupabasePlatform(LocalCluster cluster) => Cluster = cluster;

    public LocalCluster Cluster { get; }

    /// <summary>What was left out and how long each part took, for the test output.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>The folder Supabase's files are copied to next to the test assembly.</summary>
    public static string UpstreamFolder => Path.Combine(CorpusDatabase.Folder, "upstream", "supabase");

    /// <summary>A URL for the project's <c>postgres</c> database as <paramref name="user"/>.</summary>
    public string UrlFor(string user) =>
        $"postgresql://{user}:{Password}@127.0.0.1:{Cluster.Port.ToString(CultureInfo.InvariantCulture)}/postgres?sslmode=disable";

    /// <summary>An Npgsql connection string for the project's <c>postgres</c> database as <paramref name="user"/>.</summary>
    public string ConnectionStringFor(string user) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Cluster.Port,
        Username = user,
        Password = Password,
        Database = "postgres",
        Pooling = false,
        SslMode = SslMode.Disable,
    }.ConnectionString;

    /// <summary>Starts a cluster and builds a new project in it.</summary>
    public static async Task<SupabasePlatform> StartAsync()
    {
        var cluster = await LocalCluster.StartAsync(PostgresBinaries.BinDirectory, "supabase_admin");
        var platform = new SupabasePlatform(cluster);
        try
        {
            await platform.BuildAsync();
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }

        return platform;
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();

    private async Task BuildAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using (var admin = await OpenAsync("supabase_admin"))
        {
            _available = [.. await ListAsync(admin, "SELECT name FROM pg_available_extensions")];

            // migrate.sh: the postgres role is made before the init scripts, which run as it.
            await ExecAsync(admin, $"CREATE ROLE postgres SUPERUSER LOGIN PASSWORD '{Password}'; ALTER DATABASE postgres OWNER TO postgres;");
        }

        var postgresRepo = Path.Combine(UpstreamFolder, "postgres", "migrations", "db");
        await using (var postgres = await OpenAsync("postgres"))
        {
            foreach (var file in SqlFiles(Path.Combine(postgresRepo, "init-scripts")))
            {
                await RunFileAsync(postgres, file, await File.ReadAllTextAsync(file), transaction: false);
            }
        }

        await using (var admin = await OpenAsync("supabase_admin"))
        {
            foreach (var file in SqlFiles(Path.Combine(postgresRepo, "migrations")))
            {
                await RunFileAsync(admin, file, await File.ReadAllTextAsync(file), transaction: false);
            }

            await RunAuthMigrationsAsync(admin);
            await RunStorageMigrationsAsync(admin);
            await GrantPrivilegedConfigsAsync(admin);
        }

        _notes.Add($"supabase platform: built from upstream SQL in {clock.ElapsedMilliseconds} ms on port {Cluster.Port}");
    }

    /// <summary>
    /// GoTrue's migrations (pop): in version order, each in one transaction as the auth server's role with the
    /// namespace rendered as <c>auth</c>, recorded in auth.schema_migrations.
    /// </summary>
    private async Task RunAuthMigrationsAsync(NpgsqlConnection admin)
    {
        await ExecAsync(admin, "SET ROLE supabase_auth_admin; SET search_path = auth");
        var applied = (await ListAsync(admin, "SELECT version FROM auth.schema_migrations")).ToHashSet(StringComparer.Ordinal);
        foreach (var file in SqlFiles(Path.Combine(UpstreamFolder, "auth", "migrations")))
        {
            var version = Path.GetFileName(file).Split('_')[0];
            if (applied.Contains(version))
            {
                continue;
            }

            var sql = NamespacePlaceholder().Replace(await File.ReadAllTextAsync(file), "auth");
            await RunFileAsync(admin, file, sql + $"\n;INSERT INTO auth.schema_migrations (version) VALUES ('{version}');", transaction: true);
        }

        await ExecAsync(admin, "RESET ROLE; RESET search_path");
    }

    /// <summary>
    /// The storage server's tenant migrations (postgres-migrations): in id order as the storage role, with the
    /// settings the server sets first, each in a transaction unless the file disables it, recorded in
    /// storage.migrations; files marked "ignore" are recorded without running, as the server does.
    /// </summary>
    private async Task RunStorageMigrationsAsync(NpgsqlConnection admin)
    {
        await ExecAsync(admin, """
            SET ROLE supabase_storage_admin;
            SET search_path TO storage, public, extensions;
            SELECT set_config('storage.install_roles', 'false', false), set_config('storage.multitenant', 'false', false),
                   set_config('storage.anon_role', 'anon', false), set_config('storage.authenticated_role', 'authenticated', false),
                   set_config('storage.service_role', 'service_role', false), set_config('storage.super_user', 'postgres', false),
                   set_config('storage.iceberg_default_shard', '', false), set_config('storage.iceberg_shards', '{}', false),
                   set_config('storage.vector_bucket_provider', '', false);
            """);
        var files = Directory.GetFiles(Path.Combine(UpstreamFolder, "storage", "migrations", "tenant"), "*.sql")
            .Select(f => (File: f, Match: StorageFileName().Match(Path.GetFileName(f))))
            .OrderBy(f => int.Parse(f.Match.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToList();
        foreach (var (file, match) in files)
        {
            var id = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var text = await File.ReadAllTextAsync(file);
            var record = $"\n;INSERT INTO storage.migrations (id, name, hash) VALUES ({id}, '{match.Groups[2].Value}', '{Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + text)))}');";
            var sql = text.Contains("-- postgres-migrations ignore", StringComparison.Ordinal) ? "SELECT 1;" : text;
            await RunFileAsync(admin, file, sql + record, transaction: !text.Contains("-- postgres-migrations disable-transaction", StringComparison.Ordinal));
        }

        await ExecAsync(admin, "RESET ROLE; RESET search_path");
    }

    /// <summary>
    /// Supabase's supautils library lets the project's postgres role set a list of superuser-only settings
    /// (<c>supautils.privileged_role_allowed_configs</c> in its supautils.conf), session_replication_role among
    /// them; this server has no supautils, so the same server settings of that list are granted with
    /// <c>GRANT SET ON PARAMETER</c> (PostgreSQL 15+) instead.
    /// </summary>
    private async Task GrantPrivilegedConfigsAsync(NpgsqlConnection admin)
    {
        var conf = await File.ReadAllTextAsync(Path.Combine(UpstreamFolder, "postgres", "ansible", "files", "postgresql_config", "supautils.conf.j2"));
        var allowed = PrivilegedConfigs().Match(conf).Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var superuserOnly = await ListAsync(admin, "SELECT name FROM pg_settings WHERE context = 'superuser'");
        var granted = allowed.Where(superuserOnly.Contains).ToList();
        foreach (var setting in granted)
        {
            await ExecAsync(admin, $"GRANT SET ON PARAMETER {setting} TO postgres");
        }

        _notes.Add($"supabase platform: no supautils here; granted SET on {string.Join(", ", granted)} to postgres as its privileged_role_allowed_configs does");
    }

    private async Task RunFileAsync(NpgsqlConnection conn, string file, string sql, bool transaction)
    {
        var name = Path.GetRelativePath(UpstreamFolder, file);
        if (transaction)
        {
            await ExecAsync(conn, "BEGIN");
        }

        foreach (var statement in await SplitAsync(sql, name))
        {
            if (MissingExtension(statement) is { } extension)
            {
                _notes.Add($"supabase platform: left out of {name} (PostgreSQL has no {extension} here): {FirstLine(statement)}");
                continue;
            }

            try
            {
                await ExecAsync(conn, statement);
            }
            catch (PostgresException ex)
            {
                throw new InvalidOperationException($"{name}: {ex.MessageText} in: {FirstLine(statement)}", ex);
            }
        }

        if (transaction)
        {
            await ExecAsync(conn, "COMMIT");
        }
    }

    /// <summary>The extension this statement needs that the server does not offer, if any.</summary>
    private string? MissingExtension(string statement)
    {
        if (BodyStatement().IsMatch(statement))
        {
            return null;
        }

        if (CreateExtension().Match(statement) is { Success: true } create && !_available.Contains(create.Groups[1].Value))
        {
            return create.Groups[1].Value;
        }

        return s_extensionObjects.FirstOrDefault(e => !_available.Contains(e.Key) && e.Value.IsMatch(statement)).Key;
    }

    private static async Task<List<string>> SplitAsync(string sql, string source)
    {
        using var splitter = new SqlScriptSplitter(new MemoryStream(Encoding.UTF8.GetBytes(sql)), source);
        var statements = new List<string>();
        SqlItemKind kind;
        while ((kind = await splitter.ReadAsync()) != SqlItemKind.End)
        {
            var text = Encoding.UTF8.GetString(splitter.Current.Span).Trim();
            if (kind == SqlItemKind.Statement && text.Length > 0 && text != ";")
            {
                statements.Add(text);
            }
        }

        return statements;
    }

    private static IEnumerable<string> SqlFiles(string folder) =>
        Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal);

    private static string FirstLine(string statement) =>
        statement.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal)) ?? statement;

    private async Task<NpgsqlConnection> OpenAsync(string user)
    {
        var conn = new NpgsqlConnection(ConnectionStringFor(user));
        await conn.OpenAsync();
        return conn;
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection conn, string sql)
    {
        var values = new List<string>();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    [GeneratedRegex(@"\{\{\s*index\s+\.Options\s+""Namespace""\s*\}\}")]
    private static partial Regex NamespacePlaceholder();

    [GeneratedRegex(@"^(?:--[^\n]*\n|\s)*create\s+extension\s+(?:if\s+not\s+exists\s+)?""?([A-Za-z0-9_\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateExtension();

    [GeneratedRegex(@"^supautils\.privileged_role_allowed_configs\s*=\s*'([^']*)'", RegexOptions.Multiline)]
    private static partial Regex PrivilegedConfigs();

    [GeneratedRegex(@"^(\d+)[-_](.*)\.sql$")]
    private static partial Regex StorageFileName();

    /// <summary>DO blocks and routine definitions: their bodies test for extensions when they run.</summary>
    [GeneratedRegex(@"^(?:--[^\n]*\n|\s)*(?:do\b|create\s+(?:or\s+replace\s+)?(?:function|procedure)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex BodyStatement();
}
