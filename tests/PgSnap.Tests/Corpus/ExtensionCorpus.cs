using Npgsql;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.RoundTrip;

namespace PgSnap.Tests.Corpus;

/// <summary>
/// A database using real extensions, from one of our SQL files (there is no upstream one): contrib_extensions.sql on
/// every major, packaged_extensions.sql where Debian's extension packages are installed (PostgreSQL 15 here, see
/// .ci/run). Ours, so every statement must load; an extension the server lacks fails the load naming the package.
/// An extension the server lists but cannot load (Debian builds its packages for the current minor: rum's library
/// needs a symbol 15.18 does not have) leaves out its own block of the file (<see cref="ExtensionBlocks"/>), and the
/// test output says so; an extension without such a block must load.
/// </summary>
internal sealed class ExtensionCorpus(string name, IReadOnlyList<string> extensions) : CorpusDatabase
{
    /// <summary>contrib only: on every major.</summary>
    public static readonly ExtensionCorpus Contrib = new("contrib_extensions",
        ["hstore", "ltree", "citext", "pg_trgm", "btree_gist", "cube", "earthdistance", "pgcrypto", "uuid-ossp", "intarray", "isn", "seg", "unaccent", "postgres_fdw"]);

    /// <summary>Debian's postgresql-15-* extension packages: on the installed Debian major only.</summary>
    public static readonly ExtensionCorpus Packaged = new("packaged_extensions",
        ["postgis", "pg_partman", "hll", "ip4r", "rum", "semver"]);

    public override string Name => name;

    public override async Task<IReadOnlyList<string>> LoadAsync(TestServer server, string database, string workDirectory)
    {
        var available = new HashSet<string>();
        await using (var conn = new NpgsqlConnection(server.ConnectionStringFor(database)))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT name FROM pg_available_extensions", conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                available.Add(reader.GetString(0));
            }
        }

        var missing = extensions.Where(e => !available.Contains(e)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{name}: PostgreSQL {server.Major} lacks the extensions {string.Join(", ", missing)} " +
                $"(Debian: apt-get install postgresql-{server.Major}-postgis-3 postgresql-{server.Major}-partman postgresql-{server.Major}-hll postgresql-{server.Major}-ip4r postgresql-{server.Major}-rum postgresql-{server.Major}-semver, as .ci/run does)");
        }

        var sql = await File.ReadAllTextAsync(Path.Combine(Folder, name + ".sql"));
        var unloadable = await UnloadableAsync(server, database, ExtensionBlocks.Declared(sql));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await RoundTripOracle.LoadSqlAsync(server, database, ExtensionBlocks.Without(sql, unloadable.Keys.ToHashSet()), workDirectory);
        return
        [
            $"{name}: loaded in {clock.ElapsedMilliseconds} ms on PostgreSQL {server.Major}",
            .. unloadable.Select(u => $"{name}: left out the block of {u.Key}: PostgreSQL {server.Major} lists it but cannot create it ({u.Value})"),
        ];
    }

    /// <summary>
    /// The extensions among <paramref name="optional"/> that CREATE EXTENSION fails on here, with the server's
    /// message. Each is tried in a transaction that is never committed, so the database stays empty.
    /// </summary>
    private static async Task<Dictionary<string, string>> UnloadableAsync(TestServer server, string database, IReadOnlySet<string> optional)
    {
        var unloadable = new Dictionary<string, string>(StringComparer.Ordinal);
        // One unpooled connection per try: the server may end the session on a library it cannot load, and closing
        // the connection rolls the open transaction back.
        var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionStringFor(database)) { Pooling = false }.ConnectionString;
        foreach (var extension in optional.Order(StringComparer.Ordinal))
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            try
            {
                await using var create = new NpgsqlCommand($"BEGIN; CREATE EXTENSION \"{extension.Replace("\"", "\"\"", StringComparison.Ordinal)}\" CASCADE", conn);
                await create.ExecuteNonQueryAsync();
            }
            catch (PostgresException ex)
            {
                unloadable[extension] = ex.MessageText;
            }
        }

        return unloadable;
    }
}
