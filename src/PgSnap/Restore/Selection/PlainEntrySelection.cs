using PgSnap.Archive;
using PgSnap.Restore.Input;
using PgSnap.Sql;
using static PgSnap.Restore.Selection.RestoreSelection;

namespace PgSnap.Restore.Selection;

/// <summary>
/// Selective restore of a pg_dump plain file (-t, -T, -I, -P, -n, -N, -s, -a, --section): which of its entries
/// (the statements after each "-- Name: …; Type: …" comment) run. The file has no manifest, so it is read whole;
/// what belongs to a table is found from the entry's tag ("table constraint", "TABLE t" for a comment) and, for
/// indexes and owned sequences, from the survey's pass over the file (<see cref="ScriptSurvey.Belonging"/>).
/// </summary>
public sealed class PlainEntrySelection
{
    private static readonly HashSet<string> s_relationKinds = new(StringComparer.Ordinal)
    {
        "TABLE", "TABLE DATA", "VIEW", "MATERIALIZED VIEW", "MATERIALIZED VIEW DATA", "FOREIGN TABLE", "SEQUENCE", "SEQUENCE SET",
        "SEQUENCE OWNED BY", "INDEX", "ROW SECURITY",
    };

    /// <summary>Entries tagged "table object" (pg_dump names a constraint "clients clients_pkey").</summary>
    private static readonly HashSet<string> s_tableTaggedKinds = new(StringComparer.Ordinal)
    {
        "CONSTRAINT", "FK CONSTRAINT", "CHECK CONSTRAINT", "TRIGGER", "RULE", "POLICY", "DEFAULT",
    };

    private static readonly string[] s_relationWords = ["MATERIALIZED VIEW ", "FOREIGN TABLE ", "TABLE ", "VIEW ", "SEQUENCE ", "INDEX "];

    private readonly RestoreSelection _selection;
    private readonly IReadOnlyDictionary<(string? Schema, string Name), (string? Schema, string Name)> _belonging;
    private readonly List<TableName> _tables;
    private readonly List<TableName> _excluded;
    private readonly List<TableName> _indexes;
    private readonly List<TableName> _functions;

    /// <summary>Checks <paramref name="selection"/> against the file's entries: a -t, -I or -P name it lacks is exit 2, named.</summary>
    public PlainEntrySelection(RestoreSelection selection, ScriptSurvey survey)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(survey);
        if (selection.UseList is not null)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "-L needs a PgSnap archive (its ids come from the manifest); for a pg_dump plain file choose with -t, -n, -I, -P, -s, -a or --section");
        }

        if (selection.SchemaOnly && selection.DataOnly)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "-s/--schema-only and -a/--data-only cannot be used together");
        }

        foreach (var section in selection.Sections)
        {
            if (section is not (ArchiveFormat.Sections.PreData or ArchiveFormat.Sections.Data or ArchiveFormat.Sections.PostData))
            {
                throw new PgSnapException(PgSnapErrorKind.Usage, $"unknown --section \"{section}\": use pre-data, data or post-data");
            }
        }

        _selection = selection;
        _belonging = survey.Belonging;
        _tables = [.. selection.Tables.Select(Parse)];
        _excluded = [.. selection.ExcludeTables.Select(Parse)];
        _indexes = [.. selection.Indexes.Select(Parse)];
        _functions = [.. selection.Functions.Select(ParseFunction)];
        var entries = survey.Entries;
        selection.CheckSchemasExist(entries.Select(static e => (e.Kind, e.Schema, (string?)e.Name)));
        var missing = _tables.Where(t => !entries.Any(e => s_relationKinds.Contains(e.Kind) && e.Kind != "INDEX" && Names(t, e.Schema, e.Name))).Select(static t => "table " + Show(t))
            .Concat(_indexes.Where(i => !entries.Any(e => e.Kind == "INDEX" && Names(i, e.Schema, e.Name))).Select(static i => "index " + Show(i)))
            .Concat(_functions.Where(f => !entries.Any(e => IsRoutine(f, e.Kind, e.Schema, e.Name))).Select(static f => "function " + Show(f)))
            .ToList();
        if (missing.Count > 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"-t/-I/-P name {missing.Count} entr(ies) the file does not have: {string.Join(", ", missing)}");
        }
    }

    /// <summary>Whether the statements of <paramref name="entry"/> run (null: the file's preamble, before any entry, always runs).</summary>
    public bool Includes(TocEntry? entry)
    {
        if (entry is null)
        {
            return true;
        }

        var section = SectionOf(entry);
        if ((_selection.SchemaOnly && section == ArchiveFormat.Sections.Data) || (_selection.DataOnly && section != ArchiveFormat.Sections.Data)
            || (_selection.Sections.Count > 0 && !_selection.Sections.Contains(section)))
        {
            return false;
        }

        var schema = entry.Kind == "SCHEMA" ? entry.Name : entry.Schema;
        if ((_selection.Schemas.Count > 0 && (schema is null || !_selection.Schemas.Contains(schema))) || (schema is not null && _selection.ExcludeSchemas.Contains(schema)))
        {
            return false;
        }

        var table = TableOf(entry);
        if (table is { } excludedTable && _excluded.Any(t => Names(t, excludedTable.Schema, excludedTable.Name)))
        {
            return false;
        }

        if (_tables.Count + _indexes.Count + _functions.Count == 0)
        {
            return true;
        }

        return (table is { } t && _tables.Any(c => Names(c, t.Schema, t.Name)))
            || (entry.Kind == "INDEX" && _indexes.Any(i => Names(i, entry.Schema, entry.Name)))
            || _functions.Any(f => IsRoutine(f, entry.Kind, entry.Schema, entry.Name) || (Described(entry) is { } d && IsRoutine(f, d.Kind, entry.Schema, d.Name)));
    }

    /// <summary>The section pg_dump puts the entry in (a comment or privileges go with their object).</summary>
    private static string SectionOf(TocEntry entry)
    {
        if (PgDumpSections.IsData(entry.Kind) || PgDumpSections.IsPostData(entry.Kind))
        {
            return PgDumpSections.Of(entry.Kind);
        }

        return Described(entry) is { Kind: "INDEX" or "CONSTRAINT" or "TRIGGER" or "RULE" or "POLICY" } ? ArchiveFormat.Sections.PostData : ArchiveFormat.Sections.PreData;
    }

    /// <summary>The table <paramref name="entry"/> belongs to (itself for a table), or null.</summary>
    private (string? Schema, string Name)? TableOf(TocEntry entry)
    {
        if (s_relationKinds.Contains(entry.Kind))
        {
            return Owner(entry.Schema, entry.Name);
        }

        if (s_tableTaggedKinds.Contains(entry.Kind))
        {
            var space = entry.Name.IndexOf(' ', StringComparison.Ordinal);
            return (entry.Schema, space < 0 ? entry.Name : entry.Name[..space]);
        }

        if (Described(entry) is not { } d)
        {
            return null;
        }

        if (d.Kind == "COLUMN")
        {
            var dot = d.Name.LastIndexOf('.');
            return dot < 0 ? null : (entry.Schema, d.Name[..dot]);
        }

        var on = d.Name.LastIndexOf(" ON ", StringComparison.Ordinal);
        if (on >= 0)
        {
            return (entry.Schema, d.Name[(on + 4)..]);
        }

        return d.Kind is "TABLE" or "VIEW" or "MATERIALIZED VIEW" or "FOREIGN TABLE" or "SEQUENCE" or "INDEX" ? Owner(entry.Schema, d.Name) : null;
    }

    private (string? Schema, string Name) Owner(string? schema, string name) =>
        _belonging.TryGetValue((schema, name), out var table) ? table : (schema, name);

    /// <summary>What a COMMENT, ACL or SECURITY LABEL entry is about: its tag "TABLE clients", "COLUMN clients.id", "FUNCTION f(integer)".</summary>
    private static (string Kind, string Name)? Described(TocEntry entry)
    {
        if (entry.Kind is not ("COMMENT" or "ACL" or "SECURITY LABEL"))
        {
            return null;
        }

        foreach (var word in s_relationWords.Concat(["COLUMN ", "FUNCTION ", "PROCEDURE ", "AGGREGATE ", "CONSTRAINT ", "TRIGGER ", "RULE ", "POLICY "]))
        {
            if (entry.Name.StartsWith(word, StringComparison.Ordinal))
            {
                return (word.TrimEnd(), entry.Name[word.Length..]);
            }
        }

        return null;
    }
}
