using System.Collections.Concurrent;
using Npgsql;
using PgSnap.Dump;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.RoundTrip;

namespace PgSnap.Tests.Majors;

/// <summary>
/// A fidelity file (or a corpus database, see <see cref="Corpus.CorpusDatabase"/>) loaded into a database of one
/// server (a major, or a pinned release: <see cref="ServerChoice"/>), shared by the matrix's three modes (the dumps
/// only read it): one source database per file per server. Loading a file also proves each skipped statement is
/// really refused by that major (run inside a rolled-back transaction), so a <c>-- requires</c> directive cannot hide
/// a bug.
/// </summary>
internal sealed class FidelitySource
{
    private static readonly ConcurrentDictionary<(ServerChoice Server, string Name), Lazy<Task<FidelitySource>>> s_sources = new();

    private readonly Lazy<Task<string>> _schemaArchive;
    private readonly Lazy<Task<SourceReference>> _reference;

    private FidelitySource(TestServer server, string database, string name, IReadOnlyList<string> notes, string work)
    {
        Server = server;
        Database = database;
        Name = name;
        Notes = notes;
        WorkDirectory = work;
        _schemaArchive = new(() => MatrixRoundTrip.DumpAsync(this, new DumpOptions { SchemaOnly = true }, "schema-only"), LazyThreadSafetyMode.ExecutionAndPublication);
        _reference = new(ReadReferenceAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public TestServer Server { get; }

    public string Database { get; }

    /// <summary>What failures name: a fidelity file's <c>name.sql</c>, or a corpus database's name.</summary>
    public string Name { get; }

    /// <summary>
    /// What loading left out on this major, one line each, for the test output: a fidelity file's skipped statements
    /// with the server's error, a corpus's statements the major could not run.
    /// </summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Where this source's archives are written (removed when the test process ends).</summary>
    public string WorkDirectory { get; }

    /// <summary>The loaded source of <paramref name="file"/> on <paramref name="major"/>, loading it on first use.</summary>
    public static Task<FidelitySource> GetAsync(int major, string file) => GetAsync(new ServerChoice(major, null), file);

    /// <summary>The loaded source of <paramref name="file"/> on <paramref name="server"/>, loading it on first use.</summary>
    public static Task<FidelitySource> GetAsync(ServerChoice server, string file) =>
        s_sources.GetOrAdd((server, file), key => new Lazy<Task<FidelitySource>>(() => LoadAsync(key.Server, key.Name), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>The loaded corpus database <paramref name="corpus"/> on <paramref name="major"/>, loading it on first use.</summary>
    public static Task<FidelitySource> GetAsync(int major, Corpus.CorpusDatabase corpus) =>
        s_sources.GetOrAdd((new ServerChoice(major, null), "corpus:" + corpus.Name), key => new Lazy<Task<FidelitySource>>(() => LoadCorpusAsync(key.Server, corpus), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static async Task<FidelitySource> LoadCorpusAsync(ServerChoice choice, Corpus.CorpusDatabase corpus)
    {
        var server = await TestServers.ForAsync(choice);
        var tag = Tag(choice);
        var work = NewWorkDirectory(tag);
        var database = await server.CreateDatabaseAsync($"corpus{tag}_{corpus.Name[..Math.Min(10, corpus.Name.Length)]}");
        var notes = await corpus.LoadAsync(server, database, work);
        return new FidelitySource(server, database, corpus.Name, notes, work);
    }

    private static string Tag(ServerChoice choice) => choice.ToString().Replace('.', 'm');

    private static string NewWorkDirectory(string tag)
    {
        var work = Directory.CreateTempSubdirectory($"pgsnap-fid{tag}-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(work);
        return work;
    }

    /// <summary>A schema-only dump of this source, made once and shared (the data-only mode restores it first).</summary>
    public Task<string> SchemaOnlyArchiveAsync() => _schemaArchive.Value;

    /// <summary>The source's catalog fingerprint, pg_dump --schema-only (null above the installed pg_dump) and data, read once.</summary>
    public Task<SourceReference> ReferenceAsync() => _reference.Value;

    private async Task<SourceReference> ReadReferenceAsync()
    {
        var catalog = await CatalogFingerprint.ReadAsync(Server.ConnectionStringFor(Database));
        var schema = Server.ReferencePgDumpWorks ? await ReferenceSchemaDump.ReadAsync(Server, Database) : null;
        var data = await DataFingerprint.ReadAsync(Server.ConnectionStringFor(Database));
        return new SourceReference(catalog, schema, data);
    }

    private static async Task<FidelitySource> LoadAsync(ServerChoice choice, string name)
    {
        var server = await TestServers.ForAsync(choice);
        var major = choice.Major;
        await TestExtensions.InstallAsync(server);
        var file = FidelityFile.Read(name, major);
        var tag = Tag(choice);
        var work = NewWorkDirectory(tag);
        var database = await server.CreateDatabaseAsync($"fid{tag}_{name[..Math.Min(10, name.Length)]}");
        // Each skipped statement is tried where it stands in the file (after the lines before it, before any stand-in
        // after it), so the server's refusal is about the statement itself, not about what came later.
        var lines = file.Sql.Split('\n');
        var refusals = new List<string>();
        var loaded = 0;
        foreach (var skipped in file.Skipped.Where(s => s.Statement != "(the whole file)"))
        {
            await RoundTripOracle.LoadSqlAsync(server, database, string.Join('\n', lines[loaded..(skipped.Line - 1)]), work);
            loaded = skipped.Line - 1;
            refusals.Add($"skipped: {name}.sql:{skipped.Line} needs PostgreSQL {skipped.RequiredMajor} ({skipped.Reason}); PostgreSQL {major} says: {await RefusalAsync(server, database, skipped)}");
        }

        await RoundTripOracle.LoadSqlAsync(server, database, string.Join('\n', lines[loaded..]), work);

        return new FidelitySource(server, database, name + ".sql", refusals, work);
    }

    private static async Task<string> RefusalAsync(TestServer server, string database, SkippedStatement skipped)
    {
        await using var conn = new NpgsqlConnection(server.ConnectionStringFor(database));
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        try
        {
            await using var cmd = new NpgsqlCommand(skipped.Statement, conn, tx);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (PostgresException ex)
        {
            return $"{ex.SqlState} {ex.MessageText}";
        }

        throw new Xunit.Sdk.XunitException(
            $"line {skipped.Line} is marked '-- requires: {skipped.RequiredMajor} {skipped.Reason}' but PostgreSQL {server.Major} accepts it: remove or correct the directive\n{skipped.Statement}");
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>What a restored database is compared with (see <see cref="FidelitySource.ReferenceAsync"/>).</summary>
internal sealed record SourceReference(CatalogFingerprint Catalog, IReadOnlyList<string>? SchemaDump, DataFingerprint Data);
