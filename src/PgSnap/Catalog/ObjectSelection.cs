using PgSnap.Dump;

namespace PgSnap.Catalog;

/// <summary>
/// Applies -n/-N/-t/-T/--exclude-table-data, -e/--exclude-extension (<see cref="ExtensionSelection"/>) and the profile to the lists of schemas and relations, the way
/// pg_dump's selectDumpable* functions do: with -t only the matching relations are dumped (no schemas, no
/// other objects); otherwise everything in the selected schemas. An include pattern that matches nothing is an
/// error when StrictNames is set.
/// </summary>
internal sealed class ObjectSelection
{
    private ObjectSelection()
    {
    }

    /// <summary>Relations (tables, views, sequences, foreign tables, materialized views) whose definition is dumped.</summary>
    public Dictionary<uint, RelationName> Relations { get; } = [];

    /// <summary>Tables whose rows are dumped.</summary>
    public HashSet<uint> DataTables { get; } = [];

    /// <summary>
    /// Extension configuration tables (pg_extension_config_dump) whose user rows are dumped although the table is
    /// the extension's, mapped to the filter (pg_extension.extcondition, e.g. <c>WHERE NOT system</c>; empty: all rows).
    /// </summary>
    public Dictionary<uint, string> ConfigTables { get; } = [];

    /// <summary>Extension configuration sequences whose values are dumped.</summary>
    public HashSet<uint> ConfigSequences { get; } = [];

    public static async Task<ObjectSelection> SelectAsync(CatalogSession session, CancellationToken ct)
    {
        var options = session.Options;
        var database = "";
        var schemas = new List<(uint Oid, string Name)>();
        var relations = new List<RelationName>();
        var extensions = new List<(uint Oid, string Name)>();
        var configs = new List<ConfigRow>();

        // One round trip. pg_dump resets the search path to expand -t patterns (so `-t orders` finds public.orders):
        // the relations' visibility is read with the role's and database's own search path (RESET's value, as a row),
        // and the dump's empty one comes back right after.
        await session.QueryBatchAsync(
            ct,
            new CatalogQuery("SELECT pg_catalog.current_database()", r => database = r.GetString(0)),
            new CatalogQuery("SELECT oid, nspname FROM pg_catalog.pg_namespace", r => schemas.Add((r.Oid(0), r.GetString(1)))),
            new CatalogQuery("SELECT pg_catalog.set_config('search_path', s.reset_val, false) FROM pg_catalog.pg_settings s WHERE s.name = 'search_path'", _ => { }),
            new CatalogQuery(RelationsSql, r => relations.Add(new RelationName(r.Oid(0), r.Oid(1), r.GetString(2), r.GetString(3), r.GetString(4)[0], r.GetBoolean(5), r.GetString(6)[0]))),
            new CatalogQuery("SELECT pg_catalog.set_config('search_path', '', false)", _ => { }),
            new CatalogQuery(ExtensionSelection.Sql, r => extensions.Add((r.Oid(0), r.GetString(1)))),
            new CatalogQuery(ConfigurationSelection.Sql, r => configs.Add(ConfigRow.From(r)))).ConfigureAwait(false);
        var patterns = new SelectionPatterns(
            Parse(options.IncludeSchemas, 2), Parse(options.ExcludeSchemas, 2), Parse(options.IncludeTables, 3), Parse(options.ExcludeTables, 3), Parse(options.ExcludeTableData, 3));
        var supabase = options.Profile == DumpProfile.Supabase;
        CheckDatabasePart(patterns.IncludeSchemas.Concat(patterns.ExcludeSchemas).Select(p => p.Schema), database);
        CheckDatabasePart(patterns.IncludeTables.Concat(patterns.ExcludeTables).Concat(patterns.ExcludeData).Select(p => p.Database), database);
        var selection = new ObjectSelection();
        SelectSchemas(session, schemas, patterns, Parse(supabase ? SupabaseProfile.ManagedSchemas : [], 2));
        if (options.StrictNames)
        {
            CheckEveryIncludeMatches(patterns, schemas.Select(s => s.Name), relations);
        }

        selection.SelectRelations(session, relations, patterns);
        if (patterns.IncludeTables.Count > 0)
        {
            await selection.AddOwnedSequencesAsync(session, relations, ct).ConfigureAwait(false);
        }

        selection.SelectDataTables(session, relations, patterns, supabase);
        ExtensionSelection.Select(session, extensions);
        ConfigurationSelection.Select(session, selection, relations, patterns, supabase, configs);
        return selection;
    }

    /// <summary>Every relation, with whether the search path in force shows it (for -t patterns without a schema).</summary>
    private const string RelationsSql = """
        SELECT c.oid, c.relnamespace, n.nspname, c.relname, c.relkind::text, pg_catalog.pg_table_is_visible(c.oid), c.relpersistence::text
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
        """;

    /// <summary>Fills the session's dumped and profile-managed schemas.</summary>
    private static void SelectSchemas(CatalogSession session, List<(uint Oid, string Name)> schemas, SelectionPatterns patterns, List<NamePattern> managed)
    {
        foreach (var (oid, name) in schemas)
        {
            if (managed.Any(p => p.Name.IsMatch(name)))
            {
                session.ManagedSchemas.Add(oid);
            }

            if (IsSystemSchema(name) || session.IsExtensionMember(Model.CatalogId.PgNamespace, oid)
                || managed.Any(p => p.Name.IsMatch(name)) || patterns.ExcludeSchemas.Any(p => p.Name.IsMatch(name)))
            {
                continue;
            }

            if (patterns.IncludeTables.Count > 0 || (patterns.IncludeSchemas.Count > 0 && !patterns.IncludeSchemas.Any(p => p.Name.IsMatch(name))))
            {
                continue;
            }

            session.DumpedSchemas[oid] = name;
        }
    }

    /// <summary>--strict-names: an include pattern that matches nothing is an error.</summary>
    private static void CheckEveryIncludeMatches(SelectionPatterns patterns, IEnumerable<string> schemaNames, List<RelationName> relations)
    {
        foreach (var p in patterns.IncludeSchemas)
        {
            if (!schemaNames.Any(s => p.Name.IsMatch(s)))
            {
                throw new PgSnapException(PgSnapErrorKind.Usage, $"no matching schemas were found for pattern \"{p.Text}\"");
            }
        }

        foreach (var p in patterns.IncludeTables)
        {
            if (!relations.Any(r => Matches(p, r)))
            {
                throw new PgSnapException(PgSnapErrorKind.Usage, $"no matching tables were found for pattern \"{p.Text}\"");
            }
        }
    }

    /// <summary>With -t the matching relations, otherwise those of the dumped schemas; never -T's nor an extension's.</summary>
    private void SelectRelations(CatalogSession session, List<RelationName> relations, SelectionPatterns patterns)
    {
        foreach (var rel in relations)
        {
            if (session.IsExtensionMember(Model.CatalogId.PgClass, rel.Oid) || patterns.ExcludeTables.Any(p => Matches(p, rel)))
            {
                continue;
            }

            var selected = patterns.IncludeTables.Count > 0
                ? patterns.IncludeTables.Any(p => Matches(p, rel)) && !IsSystemSchema(rel.Schema)
                : session.DumpedSchemas.ContainsKey(rel.SchemaOid);
            if (selected)
            {
                Relations[rel.Oid] = rel;
            }
        }
    }

    /// <summary>As pg_dump: a sequence owned by a dumped table (serial, identity) is dumped with it.</summary>
    private async Task AddOwnedSequencesAsync(CatalogSession session, List<RelationName> relations, CancellationToken ct)
    {
        var owned = await session.QueryAsync(
            """
            SELECT d.objid FROM pg_catalog.pg_depend d
            WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
              AND d.deptype IN ('a', 'i') AND d.refobjid = ANY(@oids)
            """,
            r => r.Oid(0),
            ct,
            ("oids", Relations.Keys.ToArray()));
        foreach (var rel in relations)
        {
            if (rel.Kind == 'S' && owned.Contains(rel.Oid))
            {
                Relations.TryAdd(rel.Oid, rel);
            }
        }
    }

    /// <summary>The plain tables whose rows are dumped: the selected ones but --exclude-table-data's, or under the Supabase profile's data dump its own rule.</summary>
    private void SelectDataTables(CatalogSession session, List<RelationName> relations, SelectionPatterns patterns, bool supabase)
    {
        var options = session.Options;
        var dataManaged = Parse(supabase ? SupabaseProfile.DataExcludedSchemas : [], 2);
        var dataManagedTables = Parse(supabase ? SupabaseProfile.DataExcludedTables : [], 3);
        foreach (var rel in relations)
        {
            // --no-unlogged-table-data leaves an unlogged table's rows out as pg_dump does (its definition stays).
            if (rel.Kind != 'r' || session.IsExtensionMember(Model.CatalogId.PgClass, rel.Oid) || options.SchemaOnly
                || (options.NoUnloggedTableData && rel.Persistence == 'u')
                || patterns.ExcludeData.Any(p => Matches(p, rel)) || patterns.ExcludeTables.Any(p => Matches(p, rel)))
            {
                continue;
            }

            bool wanted;
            if (supabase && patterns.IncludeTables.Count == 0 && patterns.IncludeSchemas.Count == 0)
            {
                // Supabase dumps with data keep the rows of platform tables the project owns (auth.users,
                // storage.objects…), whose definitions the fresh project already has: what `supabase db dump
                // --data-only` adds to the schema dump in its restore recipe, in the same archive.
                wanted = !IsSystemSchema(rel.Schema) && !dataManaged.Any(p => p.Name.IsMatch(rel.Schema))
                    && !patterns.ExcludeSchemas.Any(p => p.Name.IsMatch(rel.Schema)) && !dataManagedTables.Any(p => Matches(p, rel));
            }
            else
            {
                wanted = Relations.ContainsKey(rel.Oid);
            }

            if (wanted)
            {
                DataTables.Add(rel.Oid);
            }
        }
    }

    public static bool IsSystemSchema(string name) =>
        name is "pg_catalog" or "information_schema" or "pg_toast"
        || name.StartsWith("pg_temp_", StringComparison.Ordinal) || name.StartsWith("pg_toast_temp_", StringComparison.Ordinal);

    public static bool Matches(NamePattern p, RelationName rel) =>
        p.Name.IsMatch(rel.Name) && (p.Schema is null ? rel.Visible : p.Schema.IsMatch(rel.Schema));

    public static List<NamePattern> Parse(IEnumerable<string> patterns, int maxParts) =>
        [.. patterns.Select(p => NamePattern.Parse(p, maxParts))];

    /// <remarks>A schema pattern "db.schema" parses its database part into Schema, a table pattern into Database.</remarks>
    private static void CheckDatabasePart(IEnumerable<System.Text.RegularExpressions.Regex?> databaseParts, string database)
    {
        foreach (var db in databaseParts)
        {
            if (db is not null && !db.IsMatch(database))
            {
                throw new PgSnapException(PgSnapErrorKind.Usage, $"cross-database references are not implemented: {db}");
            }
        }
    }
}

/// <summary>A relation as the selection sees it.</summary>
/// <param name="Persistence">relpersistence: p (permanent), u (unlogged), t (temporary).</param>
internal sealed record RelationName(uint Oid, uint SchemaOid, string Schema, string Name, char Kind, bool Visible, char Persistence);
