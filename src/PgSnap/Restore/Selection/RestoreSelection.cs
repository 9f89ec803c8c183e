using System.Globalization;
using System.Text;
using PgSnap.Archive;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;

namespace PgSnap.Restore.Selection;

/// <summary>
/// Which entries of a PgSnap archive a selective restore runs (pg_restore's -t, -T, -I, -P, -n, -N, -s, -a,
/// --section and -L), chosen from the manifest's table of contents so only the chosen blocks are read. With -t a table brings
/// what pg_dump -t would dump with it: its data, indexes, constraints, triggers, rules, policies, row security,
/// column defaults, comments and privileges (written in the table's own block), and the sequences it owns
/// (identity and serial: their definition, ownership and value).
/// </summary>
public sealed record RestoreSelection
{
    private static readonly HashSet<string> s_relationKinds = new(StringComparer.Ordinal)
    {
        "TABLE", "TABLE DATA", "FOREIGN TABLE", "VIEW", "MATERIALIZED VIEW", "MATERIALIZED VIEW DATA", "TABLE ATTACH",
    };

    private static readonly HashSet<string> s_sequenceKinds = new(StringComparer.Ordinal) { "SEQUENCE", "SEQUENCE OWNED BY", "SEQUENCE SET" };

    /// <summary>-t: tables (and views, sequences…) by "name" or "schema.name"; only these and what belongs to them.</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];

    /// <summary>-I: indexes by "name" or "schema.name"; like -t, -I and -P choose what is restored (together, their union).</summary>
    public IReadOnlyList<string> Indexes { get; init; } = [];

    /// <summary>-P: functions, procedures and aggregates as <c>-l</c> lists them, "name(args)" (or "name" for every overload), optionally schema-qualified.</summary>
    public IReadOnlyList<string> Functions { get; init; } = [];

    /// <summary>-T: tables left out, with what belongs to them.</summary>
    public IReadOnlyList<string> ExcludeTables { get; init; } = [];

    /// <summary>-n: only objects in these schemas.</summary>
    public IReadOnlyList<string> Schemas { get; init; } = [];

    /// <summary>-N: objects in these schemas left out.</summary>
    public IReadOnlyList<string> ExcludeSchemas { get; init; } = [];

    /// <summary>-s: pre-data and post-data only.</summary>
    public bool SchemaOnly { get; init; }

    /// <summary>-a: data only.</summary>
    public bool DataOnly { get; init; }

    /// <summary>--section: pre-data, data, post-data (any of them; empty for all).</summary>
    public IReadOnlyList<string> Sections { get; init; } = [];

    /// <summary>-L: the block ids to run, read from a list file (<see cref="TocListing.ReadIds"/>).</summary>
    public IReadOnlyList<int>? UseList { get; init; }

    /// <summary>
    /// --strict-names: an -n schema the archive holds nothing of is an error (-t, -I and -P names the archive lacks
    /// always are), as with pg_restore.
    /// </summary>
    public bool StrictNames { get; init; }

    /// <summary>With --strict-names, throws <see cref="PgSnapErrorKind.Usage"/> naming the first -n schema no entry is in.</summary>
    /// <param name="entries">The archive's entries: kind, schema and name.</param>
    internal void CheckSchemasExist(IEnumerable<(string Kind, string? Schema, string? Name)> entries)
    {
        if (!StrictNames || Schemas.Count == 0)
        {
            return;
        }

        var present = entries.Select(static e => e.Kind == "SCHEMA" ? e.Name : e.Schema).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (Schemas.FirstOrDefault(s => !present.Contains(s)) is { } missing)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"--strict-names: schema \"{missing}\" not found in the archive");
        }
    }

    /// <summary>Whether anything narrows the restore.</summary>
    public bool IsActive => Tables.Count > 0 || Indexes.Count > 0 || Functions.Count > 0 || ExcludeTables.Count > 0 || Schemas.Count > 0 || ExcludeSchemas.Count > 0
        || SchemaOnly || DataOnly || Sections.Count > 0 || UseList is not null;

    /// <summary>
    /// The blocks to run, in file order, the header (session settings) first. Throws <see cref="PgSnapErrorKind.Usage"/>
    /// naming each -t table or -L id the archive does not have.
    /// </summary>
    public IReadOnlyList<BlockRecord> Select(ArchiveIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        CheckModes();
        var blocks = index.Manifest.Blocks;
        if (UseList is { } ids)
        {
            return FromList(blocks, ids);
        }

        var tables = Tables.Select(Parse).ToList();
        var excluded = ExcludeTables.Select(Parse).ToList();
        CheckSchemasExist(blocks.Select(static b => (b.Kind, b.Schema, b.Name)));
        CheckTablesExist(blocks, tables);
        var indexes = Indexes.Select(Parse).ToList();
        var functions = Functions.Select(ParseFunction).ToList();
        CheckIndexesAndFunctionsExist(blocks, indexes, functions);
        var chosen = tables.Count + indexes.Count + functions.Count > 0;
        var owned = OwnedSequences(index, tables.Concat(excluded).ToList());
        var selected = new List<BlockRecord>();
        foreach (var b in blocks)
        {
            if (b.Section == ArchiveFormat.Sections.Header)
            {
                selected.Add(b);
                continue;
            }

            if (!InSectionsAndSchemas(b)
                || excluded.Any(t => BelongsTo(t, b, owned))
                || (chosen && !tables.Any(t => BelongsTo(t, b, owned)) && !indexes.Any(i => b.Kind == "INDEX" && Names(i, b.Schema, b.Name)) && !functions.Any(f => IsRoutine(f, b))))
            {
                continue;
            }

            selected.Add(b);
        }

        return selected;
    }

    private void CheckModes()
    {
        if (SchemaOnly && DataOnly)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "-s/--schema-only and -a/--data-only cannot be used together");
        }

        foreach (var section in Sections)
        {
            ArchiveFormat.Sections.Parse(section);
        }
    }

    /// <summary>-L: the header and the listed blocks; every listed id must be in the archive.</summary>
    private static List<BlockRecord> FromList(IReadOnlyList<BlockRecord> blocks, IReadOnlyCollection<int> ids)
    {
        var byId = blocks.ToDictionary(static b => b.Id);
        var unknown = ids.Where(id => !byId.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage,
                $"the list file names {unknown.Count} entr(ies) the archive does not have: {string.Join(", ", unknown.Select(static i => i.ToString(CultureInfo.InvariantCulture)))}");
        }

        var wanted = ids.ToHashSet();
        return [.. blocks.Where(b => b.Section == ArchiveFormat.Sections.Header || wanted.Contains(b.Id))];
    }

    /// <summary>Every -t table must be in the archive.</summary>
    private static void CheckTablesExist(IReadOnlyList<BlockRecord> blocks, List<TableName> tables)
    {
        var missing = tables.Where(t => !blocks.Any(b => s_relationKinds.Contains(b.Kind) || s_sequenceKinds.Contains(b.Kind) ? Names(t, b.Schema, b.Name) : false)).ToList();
        if (missing.Count > 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage,
                $"-t names {missing.Count} table(s) the archive does not have: {string.Join(", ", missing.Select(Show))}");
        }
    }

    /// <summary>Every -I index and -P function must be in the archive.</summary>
    private static void CheckIndexesAndFunctionsExist(IReadOnlyList<BlockRecord> blocks, List<TableName> indexes, List<TableName> functions)
    {
        var missingIndexes = indexes.Where(i => !blocks.Any(b => b.Kind == "INDEX" && Names(i, b.Schema, b.Name))).ToList();
        var missingFunctions = functions.Where(f => !blocks.Any(b => IsRoutine(f, b))).ToList();
        if (missingIndexes.Count + missingFunctions.Count > 0)
        {
            var named = missingIndexes.Select(static i => "index " + Show(i)).Concat(missingFunctions.Select(static f => "function " + Show(f)));
            throw new PgSnapException(PgSnapErrorKind.Usage,
                $"-I/-P name {missingIndexes.Count + missingFunctions.Count} entr(ies) the archive does not have: {string.Join(", ", named)}");
        }
    }

    /// <summary>Whether the block passes -s/-a/--section and -n/-N.</summary>
    private bool InSectionsAndSchemas(BlockRecord b)
    {
        if ((SchemaOnly && b.Section == ArchiveFormat.Sections.Data) || (DataOnly && b.Section != ArchiveFormat.Sections.Data) || (Sections.Count > 0 && !Sections.Contains(b.Section)))
        {
            return false;
        }

        // -n also brings the schema itself (its CREATE SCHEMA entry has no schema of its own).
        var schema = b.Kind == "SCHEMA" ? b.Name : b.Schema;
        return !((Schemas.Count > 0 && (schema is null || !Schemas.Contains(schema))) || (schema is not null && ExcludeSchemas.Contains(schema)));
    }

    private static bool BelongsTo(TableName t, BlockRecord b, Dictionary<(string Schema, string Name), TableName> owned)
    {
        if (s_relationKinds.Contains(b.Kind) || s_sequenceKinds.Contains(b.Kind))
        {
            if (Names(t, b.Schema, b.Name))
            {
                return true;
            }
        }

        if (b.Table is { } table && Names(t, table.Schema, table.Name))
        {
            return true;
        }

        if (b.Kind == "DEFAULT" && b.Name is { } column && b.Schema is { } schema)
        {
            // A column default's TOC name is "table column".
            return (t.Schema is null || t.Schema == schema) && column.StartsWith(t.Name + " ", StringComparison.Ordinal);
        }

        return s_sequenceKinds.Contains(b.Kind) && b.Schema is not null && b.Name is not null
            && owned.TryGetValue((b.Schema, b.Name), out var owner) && Names(t, owner.Schema, owner.Name);
    }

    internal static bool Names(TableName t, string? schema, string? name) => name == t.Name && (t.Schema is null || t.Schema == schema);

    internal static string Show(TableName t) => t.Schema is null ? t.Name : $"{t.Schema}.{t.Name}";

    /// <summary>Whether <paramref name="b"/> is the routine <paramref name="f"/> ("name(args)" compared without spaces, or "name": every overload).</summary>
    private static bool IsRoutine(TableName f, BlockRecord b) => IsRoutine(f, b.Kind, b.Schema, b.Name);

    /// <summary>Whether the entry (<paramref name="kind"/>, <paramref name="schema"/>, <paramref name="name"/>) is the routine <paramref name="f"/>.</summary>
    internal static bool IsRoutine(TableName f, string kind, string? schema, string? name)
    {
        if (kind is not ("FUNCTION" or "PROCEDURE" or "AGGREGATE") || name is null || (f.Schema is not null && f.Schema != schema))
        {
            return false;
        }

        return f.Name.Contains('(', StringComparison.Ordinal)
            ? WithoutSpaces(name) == WithoutSpaces(f.Name)
            : name.StartsWith(f.Name + "(", StringComparison.Ordinal);
    }

    private static string WithoutSpaces(string text) => string.Concat(text.Where(static c => !char.IsWhiteSpace(c)));

    /// <summary>"schema.name(args)" or "name(args)": the arguments may hold dots and quotes, so only what precedes "(" is split.</summary>
    internal static TableName ParseFunction(string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return Parse(text);
        }

        var head = Parse(text[..open]);
        return head with { Name = head.Name + text[open..] };
    }

    /// <summary>
    /// Which of <paramref name="tables"/> own which sequences: the SEQUENCE and SEQUENCE OWNED BY blocks (small)
    /// are read and searched for "ALTER TABLE t ALTER COLUMN" (identity) and "OWNED BY t." (serial).
    /// </summary>
    private static Dictionary<(string, string), TableName> OwnedSequences(ArchiveIndex index, List<TableName> tables)
    {
        var owned = new Dictionary<(string, string), TableName>();
        if (tables.Count == 0)
        {
            return owned;
        }

        foreach (var b in index.Manifest.Blocks.Where(static b => b.Kind is "SEQUENCE" or "SEQUENCE OWNED BY" && b.Schema is not null && b.Name is not null))
        {
            string text;
            using (var reader = new StreamReader(index.OpenBlock(b), Encoding.UTF8))
            {
                text = reader.ReadToEnd();
            }

            foreach (var t in tables)
            {
                var schema = t.Schema ?? b.Schema!;
                foreach (var qualified in Spellings(schema, t.Name))
                {
                    if (text.Contains("ALTER TABLE " + qualified + " ALTER COLUMN ", StringComparison.Ordinal)
                        || text.Contains(" OWNED BY " + qualified + ".", StringComparison.Ordinal))
                    {
                        owned[(b.Schema!, b.Name!)] = new TableName(schema, t.Name);
                    }
                }
            }
        }

        return owned;
    }

    /// <summary>How the archive may spell schema.name: each part bare (when it can be) or double-quoted.</summary>
    private static IEnumerable<string> Spellings(string schema, string name)
    {
        foreach (var s in Forms(schema))
        {
            foreach (var n in Forms(name))
            {
                yield return s + "." + n;
            }
        }
    }

    private static IEnumerable<string> Forms(string identifier)
    {
        yield return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        if (identifier.Length > 0 && identifier.All(static c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '$') && !char.IsDigit(identifier[0]))
        {
            yield return identifier;
        }
    }

    /// <summary>"schema.name" or "name" (any schema); a quoted part keeps its dots.</summary>
    internal static TableName Parse(string text)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                if (quoted && i + 1 < text.Length && text[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == '.' && !quoted)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return parts.Count switch
        {
            1 => new TableName(null, parts[0]),
            2 => new TableName(parts[0], parts[1]),
            _ => throw new PgSnapException(PgSnapErrorKind.Usage, $"cannot read \"{text}\" as a table name: use name or schema.name (double-quote a part that holds a dot)"),
        };
    }

    internal sealed record TableName(string? Schema, string Name);
}
