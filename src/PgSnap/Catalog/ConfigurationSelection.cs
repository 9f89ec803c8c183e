namespace PgSnap.Catalog;

/// <summary>Which extension configuration tables and sequences a dump copies (see <see cref="SelectAsync"/>).</summary>
internal static class ConfigurationSelection
{
    /// <summary>
    /// pg_dump's processExtensionTables: the configuration tables and sequences of the dumped extensions (of all of
    /// them unless -n/-t/-e narrow the dump), or of tables that -t names or whose schema -n names; never one that
    /// -T, -N or --exclude-table-data leaves out, nor one of an extension -e does not name or --exclude-extension names. pg_dump treats a configuration table's user rows as schema (they are
    /// in a --schema-only dump), so they travel with the schema side: a data-only dump carries them only where the
    /// schema dump with the same options would not (the Supabase profile's managed schemas whose data is kept, such
    /// as cron's jobs), so a schema-only restore followed by a data-only one loads them exactly once. Sequence values
    /// are data, as for any sequence.
    /// </summary>
    /// <summary>Every extension's configuration relations with their row filters (the selection reads it in its batch).</summary>
    public const string Sql = """
        SELECT x.cfg, COALESCE(x.cond, ''), e.oid FROM pg_catalog.pg_extension e
        CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(e.extconfig), pg_catalog.unnest(e.extcondition)) AS x(cfg, cond)
        WHERE x.cfg IS NOT NULL
        """;

    public static void Select(
        CatalogSession session, ObjectSelection selection, List<RelationName> relations, SelectionPatterns p, bool supabase, IReadOnlyList<ConfigRow> configs)
    {
        var options = session.Options;
        if (configs.Count == 0)
        {
            return;
        }

        var byOid = relations.ToDictionary(r => r.Oid);
        var selective = p.IncludeSchemas.Count > 0 || p.IncludeTables.Count > 0;
        var schemaRule = new ConfigRule(p, session, supabase ? ObjectSelection.Parse(SupabaseProfile.ManagedSchemas, 2) : [], []);
        var dataRule = supabase && options.DataOnly && !selective
            ? new ConfigRule(p, session, ObjectSelection.Parse(SupabaseProfile.DataExcludedSchemas, 2), ObjectSelection.Parse(SupabaseProfile.DataExcludedTables, 3))
            : schemaRule;
        foreach (var (oid, condition, extension) in configs)
        {
            if (!byOid.TryGetValue(oid, out var rel) || p.ExcludeData.Any(x => ObjectSelection.Matches(x, rel))
                || session.ExtensionsLeftOutByName.Contains(extension))
            {
                continue;
            }

            var created = session.DumpedExtensions.Contains(extension);

            if (rel.Kind == 'S')
            {
                if ((!options.SchemaOnly || options.SequenceData) && dataRule.Selects(rel, created))
                {
                    selection.ConfigSequences.Add(oid);
                }
            }
            else if (rel.Kind == 'r')
            {
                var wanted = options.DataOnly ? dataRule.Selects(rel, created) && !schemaRule.Selects(rel, created) : schemaRule.Selects(rel, created);
                if (wanted)
                {
                    selection.ConfigTables[oid] = condition;
                }
            }
        }
    }
}

/// <summary>One row of <see cref="ConfigurationSelection.Sql"/>: a configuration relation, its row filter, its extension.</summary>
internal sealed record ConfigRow(uint Oid, string Condition, uint Extension)
{
    public static ConfigRow From(Npgsql.NpgsqlDataReader r) => new(r.Oid(0), r.GetString(1), r.Oid(2));
}

/// <summary>The user's name patterns, parsed.</summary>
internal sealed record SelectionPatterns(
    List<NamePattern> IncludeSchemas, List<NamePattern> ExcludeSchemas, List<NamePattern> IncludeTables, List<NamePattern> ExcludeTables, List<NamePattern> ExcludeData);

/// <summary>
/// Whether a configuration table's rows are dumped, given the schemas and tables a profile leaves out on top of
/// -N and -T (see <see cref="ObjectSelection"/>).
/// </summary>
internal sealed class ConfigRule(SelectionPatterns patterns, CatalogSession session, List<NamePattern> leftOutSchemas, List<NamePattern> leftOutTables)
{
    /// <param name="extensionCreated">The table's extension is created by the dump (<see cref="ExtensionSelection"/>).</param>
    public bool Selects(RelationName rel, bool extensionCreated)
    {
        // A created extension brings its configuration; otherwise only what -n/-t name.
        var selected = extensionCreated || session.DumpedSchemas.ContainsKey(rel.SchemaOid)
            || patterns.IncludeTables.Any(p => ObjectSelection.Matches(p, rel));
        var excluded = patterns.ExcludeSchemas.Concat(leftOutSchemas).Any(p => p.Name.IsMatch(rel.Schema))
            || patterns.ExcludeTables.Concat(leftOutTables).Any(p => ObjectSelection.Matches(p, rel));
        return selected && !excluded;
    }
}

