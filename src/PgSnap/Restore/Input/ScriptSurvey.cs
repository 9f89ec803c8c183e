using System.Text;
using System.Text.Json;
using PgSnap.Archive;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;
using PgSnap.Restore.Execution;
using PgSnap.Sql;

namespace PgSnap.Restore.Input;

/// <summary>
/// A read-only pass over a seekable input before anything runs: refuses forbidden meta-commands with file and
/// line, collects the roles the script makes owners or grantees, and the objects it creates (for --clean).
/// </summary>
public sealed class ScriptSurvey
{
    /// <summary>Table-of-contents kinds of a data-only archive (pg_dump -a, pgsnap dump --data-only).</summary>
    private static readonly HashSet<string> s_dataKinds = new(StringComparer.Ordinal)
    {
        "TABLE DATA", "SEQUENCE SET", "BLOB", "BLOBS", "BLOB DATA", "BLOB METADATA", "LARGE OBJECT", "MATERIALIZED VIEW DATA",
    };

    private ScriptSurvey(IReadOnlySet<string> ownerRoles, IReadOnlySet<string> aclRoles, IReadOnlyList<TocEntry> entries, IReadOnlyCollection<uint> largeObjects,
        IReadOnlyDictionary<(string? Schema, string Name), (string? Schema, string Name)> belonging)
    {
        OwnerRoles = ownerRoles;
        AclRoles = aclRoles;
        Entries = entries;
        LargeObjects = largeObjects;
        Belonging = belonging;
    }

    /// <summary>
    /// Indexes and sequences that belong to a table (an index, an identity or serial sequence), by their schema and
    /// name: what a selective restore of a pg_dump file brings along with -t.
    /// </summary>
    public IReadOnlyDictionary<(string? Schema, string Name), (string? Schema, string Name)> Belonging { get; }

    /// <summary>Roles named by ALTER … OWNER TO.</summary>
    public IReadOnlySet<string> OwnerRoles { get; }

    /// <summary>Roles named by GRANT / REVOKE / ALTER DEFAULT PRIVILEGES.</summary>
    public IReadOnlySet<string> AclRoles { get; }

    /// <summary>Objects the script creates and tables it fills ("TABLE DATA"), in script order.</summary>
    public IReadOnlyList<TocEntry> Entries { get; }

    /// <summary>Large objects the script creates (lo_create).</summary>
    public IReadOnlyCollection<uint> LargeObjects { get; }

    /// <summary>
    /// The archive holds data and nothing else (pg_dump -a, pgsnap dump --data-only): its natural target is a
    /// database with the schema and empty tables.
    /// </summary>
    public bool IsDataOnly => Entries.Count > 0 && Entries.All(static e => s_dataKinds.Contains(e.Kind));

    /// <summary>The tables the script fills, each once, in script order.</summary>
    public IReadOnlyList<TocEntry> DataTables => [.. Entries.Where(static e => e.Kind == "TABLE DATA").Distinct()];

    /// <summary>
    /// The survey of what a selective restore of a pg_dump file runs: the entries <paramref name="include"/> keeps
    /// (roles stay those of the whole file, a superset), and the large objects only when their entries are kept.
    /// </summary>
    internal ScriptSurvey Narrow(Func<TocEntry, bool> include)
    {
        var kept = Entries.Where(include).ToList();
        var largeObjects = kept.Any(static e => e.Kind is "BLOB" or "BLOBS" or "BLOB METADATA" or "LARGE OBJECT") ? LargeObjects : [];
        return new ScriptSurvey(OwnerRoles, AclRoles, kept, largeObjects, Belonging);
    }

    /// <summary>
    /// Reads the whole input once (decompressing it; COPY rows are skipped over, not parsed). With the
    /// <paramref name="index"/> of a complete PgSnap archive, the same pass checks every block against the
    /// manifest's length and checksum (<see cref="CheckedArchiveStream"/>): a damaged block throws
    /// <see cref="PgSnapErrorKind.Corrupt"/> before anything runs.
    /// </summary>
    /// <remarks>
    /// From object storage every byte read is a transfer, and reading the rows twice (survey, then restore) doubled
    /// it: there the survey reads every block but the <c>TABLE DATA</c> ones, which hold COPY rows only and so nothing
    /// the survey looks for (their entries come from the manifest, which the footer's checksum vouches for); those
    /// blocks are checked as the restore reads them instead (<see cref="CheckedArchiveStream.WhileRestoring"/>).
    /// </remarks>
    internal static async Task<ScriptSurvey> RunAsync(RestoreSource source, ArchiveIndex? index, IReadOnlyList<BlockRecord>? only, CancellationToken cancellationToken)
    {
        if (index is not null)
        {
            var rowsChecked = index.IsRemote;
            var blocks = only ?? index.Manifest.Blocks;
            var surveyed = rowsChecked ? blocks.Where(static b => b.Kind != ArchiveFormat.Kinds.TableData).ToList() : only;
            await using var text = CheckedArchiveStream.Open(index, source.Name, surveyed);
            using var checkedSplitter = new SqlScriptSplitter(text, source.Name);
            // The index exists only for an archive whose footer and manifest were found: it is complete, even when
            // a selective restore reads only some of its blocks (and so never the footer).
            var survey = await SurveyAsync(checkedSplitter, completeByIndex: true, cancellationToken).ConfigureAwait(false);
            return rowsChecked ? survey.WithEntriesOf(blocks) : survey;
        }

        await using var input = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var splitter = new SqlScriptSplitter(input.Text, input.Source);
        return await SurveyAsync(splitter, completeByIndex: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The same survey with its entries taken from <paramref name="blocks"/>' manifest records, in file order: one per
    /// block that names an object, as its marker line does (the manifest records are what the dump wrote there).
    /// </summary>
    private ScriptSurvey WithEntriesOf(IReadOnlyList<BlockRecord> blocks)
    {
        var entries = blocks
            .Where(static b => b.Section != ArchiveFormat.Sections.Header && b.Name is not null)
            .Select(static b => new TocEntry(b.Kind, b.Schema, b.Name!))
            .ToList();
        return new ScriptSurvey(OwnerRoles, AclRoles, entries, LargeObjects, Belonging);
    }

    private static async Task<ScriptSurvey> SurveyAsync(SqlScriptSplitter splitter, bool completeByIndex, CancellationToken cancellationToken)
    {
        var owners = new HashSet<string>(StringComparer.Ordinal);
        var acl = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<TocEntry>();
        var completion = new ScriptCompletion();
        var largeObjects = new HashSet<uint>();
        var belonging = new Dictionary<(string?, string), (string?, string)>();
        TocEntry? current = null;
        while (true)
        {
            var kind = await splitter.ReadAsync(cancellationToken).ConfigureAwait(false);
            switch (kind)
            {
                case SqlItemKind.End:
                    // A truncated dump must not be half restored: the survey sees the end before anything runs.
                    return completeByIndex || completion.IsComplete
                        ? new ScriptSurvey(owners, acl, entries, largeObjects, belonging)
                        : throw completion.Incomplete(splitter.Source, "nothing was restored");
                case SqlItemKind.MetaCommand:
                    var meta = MetaCommand.Parse(splitter.Current.Span);
                    if (!meta.IsConnect && !meta.IsRestrictToggle)
                    {
                        throw meta.Refusal($"{splitter.Source}:{splitter.Line}");
                    }

                    break;
                case SqlItemKind.Marker:
                    completion.OnMarker(splitter.Current.Span);
                    if (TryParseEntry(splitter.Current.Span) is { } entry)
                    {
                        entries.Add(entry);
                        current = entry;
                    }

                    break;
                case SqlItemKind.Statement:
                    completion.OnStatement();
                    if (current is { Kind: "INDEX" or "SEQUENCE" or "SEQUENCE OWNED BY" } && OwningTable(current, Encoding.UTF8.GetString(splitter.Current.Span)) is { } owning)
                    {
                        belonging[owning.Relation] = owning.Table;
                    }
                    if (splitter.FirstWord.SequenceEqual("select"u8) && LargeObjectCreated(splitter.Current.Span) is { } created)
                    {
                        largeObjects.Add(created);
                    }

                    var info = StatementClassifier.Classify(splitter.Current.Span, splitter.FirstWord);
                    switch (info.Kind)
                    {
                        case StatementKind.OwnerTo:
                            owners.UnionWith(info.Roles);
                            break;
                        case StatementKind.Privileges:
                            acl.UnionWith(info.Roles);
                            break;
                        case StatementKind.SetStandardConformingStrings:
                            splitter.StandardConformingStrings = info.StandardConformingStrings ?? true;
                            break;
                    }

                    break;
            }
        }
    }

    /// <summary>The entry a PgSnap block marker or a pg_dump "-- Name: n; Type: T; Schema: s; Owner: o" line names.</summary>
    internal static TocEntry? TryParseEntry(ReadOnlySpan<byte> line) =>
        EntryLine.TryParse(line) is { } entry ? new TocEntry(entry.Kind, entry.Schema, entry.Name) : null;

    /// <summary>
    /// The table an index or sequence statement ties its relation to: CREATE INDEX … ON t, an identity column's
    /// ALTER TABLE t … ADD GENERATED (in the sequence's entry), ALTER SEQUENCE s OWNED BY t.c.
    /// </summary>
    private static ((string?, string) Relation, (string?, string) Table)? OwningTable(TocEntry entry, string sql)
    {
        static (string?, string)? Table(List<string> parts, int columns) => (parts.Count - columns) switch
        {
            1 => (null, parts[0]),
            2 => (parts[0], parts[1]),
            _ => null,
        };

        static List<string> SkipOnly(string sql, string keyword)
        {
            var parts = Selection.QualifiedNameReader.After(sql, keyword);
            return parts is ["ONLY"] ? Selection.QualifiedNameReader.After(sql, keyword + "ONLY ") : parts;
        }

        if (entry.Kind == "INDEX" && sql.StartsWith("CREATE ", StringComparison.Ordinal) && Table(SkipOnly(sql, " ON "), 0) is { } indexed)
        {
            return ((entry.Schema, entry.Name), indexed);
        }

        if (entry.Kind == "SEQUENCE" && sql.StartsWith("ALTER TABLE ", StringComparison.Ordinal) && sql.Contains(" ADD GENERATED ", StringComparison.Ordinal)
            && Table(SkipOnly(sql, "ALTER TABLE "), 0) is { } identity)
        {
            return ((entry.Schema, entry.Name), identity);
        }

        if (entry.Kind == "SEQUENCE OWNED BY" && Selection.QualifiedNameReader.After(sql, "ALTER SEQUENCE ") is { Count: > 0 } sequence
            && Table(Selection.QualifiedNameReader.After(sql, " OWNED BY "), 1) is { } owner)
        {
            return ((sequence.Count == 2 ? sequence[0] : entry.Schema, sequence[^1]), owner);
        }

        return null;
    }

    /// <summary>The oid of <c>SELECT pg_catalog.lo_create('16385');</c> (as pg_dump and pgsnap write it), else null.</summary>
    private static uint? LargeObjectCreated(ReadOnlySpan<byte> statement)
    {
        var at = statement.IndexOf("lo_create('"u8);
        if (at < 0)
        {
            return null;
        }

        var rest = statement[(at + 11)..];
        var end = rest.IndexOf((byte)'\'');
        return end > 0 && System.Buffers.Text.Utf8Parser.TryParse(rest[..end], out uint oid, out var used) && used == end ? oid : null;
    }
}
