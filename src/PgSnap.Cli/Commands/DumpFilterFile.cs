namespace PgSnap.Cli.Commands;

/// <summary>
/// pg_dump 17's <c>--filter FILE</c>: one rule per line, <c>include|exclude OBJECT PATTERN</c>, <c>#</c> comments and
/// blank lines ignored. The rules pgsnap carries out become the same lists as <c>-t -T -n -N --exclude-table-data</c>;
/// any other rule is an error with its file and line, never a rule skipped without a word.
/// </summary>
internal sealed class DumpFilterFile
{
    public List<string> IncludeTables { get; } = [];

    public List<string> ExcludeTables { get; } = [];

    public List<string> IncludeSchemas { get; } = [];

    public List<string> ExcludeSchemas { get; } = [];

    public List<string> ExcludeTableData { get; } = [];

    public static DumpFilterFile Read(string path)
    {
        string[] lines;
        try
        {
            lines = path == "-" ? Console.In.ReadToEnd().Split('\n') : File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"cannot read filter file {path}: {ex.Message}");
        }

        return Parse(path, lines);
    }

    public static DumpFilterFile Parse(string path, IReadOnlyList<string> lines)
    {
        var filter = new DumpFilterFile();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var words = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 3)
            {
                throw Error(path, i, "expected \"include|exclude OBJECT PATTERN\"");
            }

            var list = (words[0].ToLowerInvariant(), words[1].ToLowerInvariant()) switch
            {
                ("include", "table") => filter.IncludeTables,
                ("exclude", "table") => filter.ExcludeTables,
                ("include", "schema") => filter.IncludeSchemas,
                ("exclude", "schema") => filter.ExcludeSchemas,
                ("exclude", "table_data") => filter.ExcludeTableData,
                ("include" or "exclude", "extension" or "foreign_data" or "table_and_children" or "table_data_and_children" or "table_data") =>
                    throw Error(path, i, $"\"{words[0]} {words[1]}\" is not supported by pgsnap (supported: include/exclude table, include/exclude schema, exclude table_data)"),
                ("include" or "exclude", _) => throw Error(path, i, $"unknown object type \"{words[1]}\""),
                _ => throw Error(path, i, $"expected include or exclude, found \"{words[0]}\""),
            };
            list.Add(StripComment(words[2]));
        }

        return filter;
    }

    /// <summary>A <c>#</c> outside double quotes starts a comment, as in pg_dump's filter files.</summary>
    private static string StripComment(string pattern)
    {
        var quoted = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '"')
            {
                quoted = !quoted;
            }
            else if (pattern[i] == '#' && !quoted)
            {
                return pattern[..i].TrimEnd();
            }
        }

        return pattern;
    }

    private static PgSnapException Error(string path, int index, string what) =>
        new(PgSnapErrorKind.Usage, $"{path}:{index + 1}: {what}");
}
