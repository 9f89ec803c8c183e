using Npgsql;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.RoundTrip;

namespace PgSnap.Tests.Corpus;

/// <summary>
/// A database using real extensions, from one of our SQL files (there is no upstream one): contrib_extensions.sql on
/// every major, packaged_extensions.sql where Debian's extension packages are installed (PostgreSQL 15 here, see
/// .ci/run). Ours, so every statement must load; an extension the server lacks fails the load naming the package.
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

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await RoundTripOracle.LoadSqlAsync(server, database, await File.ReadAllTextAsync(Path.Combine(Folder, name + ".sql")), workDirectory);
        return [$"{name}: loaded in {clock.ElapsedMilliseconds} ms on PostgreSQL {server.Major}"];
    }
}
