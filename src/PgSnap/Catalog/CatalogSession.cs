using Npgsql;
using PgSnap.Ddl;
using PgSnap.Dump;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// What every reader shares while one plan is built: the connection (inside the caller's snapshot transaction),
/// the server version, the options, the quoting rules, the selection of schemas and relations, comments,
/// security labels and extension membership.
/// </summary>
internal sealed class CatalogSession
{
    private readonly Dictionary<(uint ClassId, uint ObjectId, int SubId), string> _comments;
    private readonly Dictionary<(uint ClassId, uint ObjectId, int SubId), List<(string Provider, string Label)>> _labels;

    public CatalogSession(NpgsqlConnection connection, DumpOptions options, int serverVersion, Quoting quoting)
    {
        Connection = connection;
        Options = options;
        ServerVersion = serverVersion;
        Quoting = quoting;
        Emit = new PgSnap.Emit.EmitContext(quoting, options);
        _comments = [];
        _labels = [];
    }

    /// <summary>A session on another connection of the same snapshot that shares this one's state (see <see cref="On"/>).</summary>
    private CatalogSession(CatalogSession leader, NpgsqlConnection connection)
    {
        Connection = connection;
        Options = leader.Options;
        ServerVersion = leader.ServerVersion;
        Quoting = leader.Quoting;
        Emit = leader.Emit;
        _comments = leader._comments;
        _labels = leader._labels;
        DumpedSchemas = leader.DumpedSchemas;
        ManagedSchemas = leader.ManagedSchemas;
        DumpedExtensions = leader.DumpedExtensions;
        ExtensionsLeftOutByName = leader.ExtensionsLeftOutByName;
        ExtensionMembers = leader.ExtensionMembers;
    }

    public NpgsqlConnection Connection { get; }

    public DumpOptions Options { get; }

    /// <summary>server_version_num, e.g. 150004.</summary>
    public int ServerVersion { get; }

    public Quoting Quoting { get; }

    /// <summary>The emitters' context: quoting, options and what was written (for the coverage audit).</summary>
    public PgSnap.Emit.EmitContext Emit { get; }

    /// <summary>Schemas whose objects are dumped (oid → name).</summary>
    public Dictionary<uint, string> DumpedSchemas { get; } = [];

    /// <summary>Schemas a profile leaves out as platform-managed (Supabase), by oid; empty for plain PostgreSQL.</summary>
    public HashSet<uint> ManagedSchemas { get; } = [];

    /// <summary>True when -n, -t or -e narrowed the dump: pg_dump then leaves out casts and other global objects.</summary>
    public bool IsSelective => !Options.IncludesEverything;

    /// <summary>Extensions whose CREATE EXTENSION is dumped (see <see cref="ExtensionSelection"/>).</summary>
    public HashSet<uint> DumpedExtensions { get; } = [];

    /// <summary>Extensions -e does not name or --exclude-extension names: pg_dump dumps none of their configuration rows.</summary>
    public HashSet<uint> ExtensionsLeftOutByName { get; } = [];

    /// <summary>Catalog rows that belong to an extension, mapped to that extension's oid.</summary>
    public Dictionary<CatalogId, uint> ExtensionMembers { get; } = [];

    /// <summary>
    /// The same session on a sibling connection of the snapshot (Catalog/CatalogReadPool): the selection, the
    /// descriptions and the extension members are shared, not copied, so a sibling must read them only once the
    /// leader has filled them; they are not changed after that.
    /// </summary>
    public CatalogSession On(NpgsqlConnection connection) => new(this, connection);

    public uint[] DumpedSchemaOids => [.. DumpedSchemas.Keys];

    public bool IsExtensionMember(uint classId, uint objectId) => ExtensionMembers.ContainsKey(new CatalogId(classId, objectId));

    public string? CommentOn(uint classId, uint objectId, int subId = 0) =>
        _comments.TryGetValue((classId, objectId, subId), out var c) ? c : null;

    /// <summary>pg_description keys whose comment a block wrote: the coverage audit looks for the others.</summary>
    public HashSet<Coverage.CatalogKey> EmittedComments => Emit.EmittedComments;

    /// <summary>pg_seclabel keys whose labels a block wrote.</summary>
    public HashSet<Coverage.CatalogKey> EmittedLabels => Emit.EmittedLabels;

    /// <summary>Large objects whose metadata block was written.</summary>
    public HashSet<uint> EmittedLargeObjects => Emit.EmittedLargeObjects;

    /// <summary>The comment and security labels of one catalog row, for a record (comments are null under --no-comments).</summary>
    public Model.Objects.Description DescriptionOf(uint classId, uint objectId, int subId = 0)
    {
        var key = new Coverage.CatalogKey(classId, objectId, subId);
        var comment = CommentOn(classId, objectId, subId);
        return _labels.TryGetValue((classId, objectId, subId), out var labels)
            ? new Model.Objects.Description(key, comment, [.. labels.Select(l => new Model.Objects.SecurityLabel(l.Provider, l.Label))])
            : new Model.Objects.Description(key, comment, []);
    }

    public async Task LoadDescriptionsAsync(CancellationToken ct)
    {
        if (!Options.NoComments)
        {
            await QueryAsync(
                // A large object's oid is the user's choice (lo_create(2121)): it may sit below the first user oid.
                "SELECT classoid, objoid, objsubid, description FROM pg_catalog.pg_description WHERE objoid >= 16384 OR classoid = 'pg_catalog.pg_largeobject'::pg_catalog.regclass OR (classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND objoid = 2200)",
                r => _comments[(r.GetFieldValue<uint>(0), r.GetFieldValue<uint>(1), r.GetInt32(2))] = r.GetString(3),
                ct);
        }

        if (!Options.NoSecurityLabels)
        {
            await QueryAsync(
                "SELECT classoid, objoid, objsubid, provider, label FROM pg_catalog.pg_seclabel ORDER BY provider",
                r =>
                {
                    var key = (r.GetFieldValue<uint>(0), r.GetFieldValue<uint>(1), r.GetInt32(2));
                    if (!_labels.TryGetValue(key, out var list))
                    {
                        _labels[key] = list = [];
                    }

                    list.Add((r.GetString(3), r.GetString(4)));
                },
                ct);
        }
    }

    /// <summary>Catalog rows that belong to an extension, with the extension (one row: <see cref="ExtensionMember"/>).</summary>
    internal const string ExtensionMembersSql =
        "SELECT classid, objid, refobjid FROM pg_catalog.pg_depend WHERE deptype = 'e' AND refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass";

    public async Task LoadExtensionMembersAsync(CancellationToken ct) =>
        AddExtensionMembers(await QueryAsync(ExtensionMembersSql, ExtensionMember, ct).ConfigureAwait(false));

    /// <summary>One row of <see cref="ExtensionMembersSql"/>.</summary>
    internal static (CatalogId Member, uint Extension) ExtensionMember(NpgsqlDataReader r) =>
        (new CatalogId(r.GetFieldValue<uint>(0), r.GetFieldValue<uint>(1)), r.GetFieldValue<uint>(2));

    /// <summary>Records rows of <see cref="ExtensionMembersSql"/>.</summary>
    internal void AddExtensionMembers(IEnumerable<(CatalogId Member, uint Extension)> members)
    {
        foreach (var (member, extension) in members)
        {
            ExtensionMembers[member] = extension;
        }
    }

    /// <summary>Runs one catalog query and maps every row.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> map, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, Connection);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.Add(CatalogBatch.Parameter(name, value));
        }

        var rows = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Runs independent queries in one round trip (see <see cref="CatalogBatch"/>).</summary>
    public Task QueryBatchAsync(CancellationToken ct, params CatalogQuery[] queries) =>
        CatalogBatch.QueryAsync(Connection, ct, queries);

    public async Task QueryAsync(string sql, Action<NpgsqlDataReader> handle, CancellationToken ct, params (string Name, object Value)[] parameters) =>
        await QueryAsync<bool>(sql, r =>
        {
            handle(r);
            return true;
        }, ct, parameters).ConfigureAwait(false);

    /// <summary>
    /// For the rest of the transaction the server's deparsers (pg_get_*def, reg* output) qualify every name, as in
    /// pg_dump's sessions, and quote every identifier under --quote-all-identifiers.
    /// </summary>
    public Task QualifyNamesAsync(CancellationToken ct) => ExecuteAsync(
        "SELECT pg_catalog.set_config('search_path', '', true)" + (Options.QuoteAllIdentifiers ? ", pg_catalog.set_config('quote_all_identifiers', 'on', true)" : ""), ct);

    public async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, Connection);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}

/// <summary>Null-aware column access for catalog rows.</summary>
internal static class CatalogRow
{
    public static string? Str(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static string[]? Arr(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<string[]>(i);

    public static uint Oid(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? 0 : r.GetFieldValue<uint>(i);

    public static bool Flag(this NpgsqlDataReader r, int i) => !r.IsDBNull(i) && r.GetBoolean(i);
}
