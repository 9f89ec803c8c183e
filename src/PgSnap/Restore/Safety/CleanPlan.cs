namespace PgSnap.Restore.Safety;

/// <summary>
/// --clean for an archive made without it: DROP … IF EXISTS for what the archive creates, in reverse order of its
/// table of contents (so dependents go first). Indexes, constraints, triggers, rules, policies, comments, ACLs and
/// data go with their table and are not dropped on their own. CASCADE removes dependents the archive recreates.
/// </summary>
public static class CleanPlan
{
    /// <summary>The DROP statements for <paramref name="entries"/>, in the order to run them.</summary>
    public static IReadOnlyList<string> Build(IReadOnlyList<TocEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var drops = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var drop = DropFor(entries[i]);
            if (drop is not null && seen.Add(drop))
            {
                drops.Add(drop);
            }
        }

        return drops;
    }

    private static string? DropFor(TocEntry e)
    {
        var keyword = e.Kind switch
        {
            "TABLE" => "TABLE",
            "VIEW" => "VIEW",
            "MATERIALIZED VIEW" => "MATERIALIZED VIEW",
            "SEQUENCE" => "SEQUENCE",
            "TYPE" => "TYPE",
            "DOMAIN" => "DOMAIN",
            "FUNCTION" => "FUNCTION",
            "PROCEDURE" => "PROCEDURE",
            "AGGREGATE" => "AGGREGATE",
            "SCHEMA" => "SCHEMA",
            "EXTENSION" => "EXTENSION",
            "FOREIGN TABLE" => "FOREIGN TABLE",
            _ => null,
        };
        if (keyword is null || (e.Kind == "SCHEMA" && e.Name == "public"))
        {
            return null;
        }

        string target;
        if (e.Kind is "FUNCTION" or "PROCEDURE" or "AGGREGATE")
        {
            // The TOC name of a routine carries its argument types: name(args). Quote the name, keep the types.
            var paren = e.Name.IndexOf('(', StringComparison.Ordinal);
            if (paren < 0)
            {
                return null;
            }

            target = Qualify(e.Schema, e.Name[..paren]) + e.Name[paren..];
        }
        else
        {
            target = e.Kind is "SCHEMA" or "EXTENSION" ? Quote(e.Name) : Qualify(e.Schema, e.Name);
        }

        return $"DROP {keyword} IF EXISTS {target} CASCADE;";
    }

    private static string Qualify(string? schema, string name) => schema is null ? Quote(name) : $"{Quote(schema)}.{Quote(name)}";

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
