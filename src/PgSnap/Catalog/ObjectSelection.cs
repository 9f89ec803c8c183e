using PgSnap.Dump;

namespace PgSnap.Catalog;

/// <summary>
/// Applies -n/-N/-t/-T/--exclude-table-data and the profile to the lists of schemas and relations, the way
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
        var database = (await session.QueryAsync("SELECT pg_catalog.current_database()", r => r.GetString(0), ct))[0];
        var schemas = await session.QueryAsync(
            "SELECT oid, nspname FROM pg_catalog.pg_namespace",
            r => (Oid: r.Oid(0), Name: r.GetString(1)),
            ct);

        // Visibility is judged with the role's and database's own search path, as pg_dump resets it to expand -t
        // patterns (so `-t orders` finds public.orders); the dump's empty search path comes back right after.
        await session.ExecuteAsync("RESET search_path", ct).ConfigureAwait(false);
        var relations = await session.QueryAsync(
            """
            SELECT c.oid, c.relnamespace, n.nspname, c.relname, c.relkind::text, pg_catalog.pg_table_is_visible(c.oid)
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
            """,
            r => new RelationName(r.Oid(0), r.Oid(1), r.GetString(2), r.GetString(3), r.GetString(4)[0], r.GetBoolean(5)),
            ct);
        await session.ExecuteAsync("SELECT pg_catalog.set_config('search_path', '', false)", ct).ConfigureAwait(false);

        var includeSchemas = Parse(options.IncludeSchemas, 2);
        var excludeSchemas = Parse(options.ExcludeSchemas, 2);
        var includeTables = Parse(options.IncludeTables, 3);
        var excludeTables = Parse(options.ExcludeTables, 3);
        var excludeData = Parse(options.ExcludeTableData, 3);
        var supabase = options.Profile == DumpProfile.Supabase;
        var managed = Parse(supabase ? SupabaseProfile.ManagedSchemas : [], 2);
        var dataManaged = Parse(supabase ? SupabaseProfile.DataExcludedSchemas : [], 2);
        var dataManagedTables = Parse(supabase ? SupabaseProfile.DataExcludedTables : [], 3);

        CheckDatabasePart(includeSchemas.Concat(excludeSchemas).Select(p => p.Schema), database);
        CheckDatabasePart(includeTables.Concat(excludeTables).Concat(excludeData).Select(p => p.Database), database);
        var selection = new ObjectSelection();

        foreach (var (oid, name) in schemas)
        {
            if (managed.Any(p => p.Name.IsMatch(name)))
            {
                session.ManagedSchemas.Add(oid);
            }

            if (IsSystemSchema(name) || session.IsExtensionMember(Model.CatalogId.PgNamespace, oid)
                || managed.Any(p => p.Name.IsMatch(name)) || excludeSchemas.Any(p => p.Name.IsMatch(name)))
            {
                continue;
            }

            if (includeTables.Count > 0 || (includeSchemas.Count > 0 && !includeSchemas.Any(p => p.Name.IsMatch(name))))
            {
                continue;
            }

            session.DumpedSchemas[oid] = name;
        }

        if (options.StrictNames)
        {
            foreach (var p in includeSchemas)
            {
                if (!schemas.Any(s => p.Name.IsMatch(s.Name)))
                {
                    throw new PgSnapException(PgSnapErrorKind.Usage, $"no matching schemas were found for pattern \"{p.Text}\"");
                }
            }

            foreach (var p in includeTables)
            {
                if (!relations.Any(r => Matches(p, r)))
                {
                    throw new PgSnapException(PgSnapErrorKind.Usage, $"no matching tables were found for pattern \"{p.Text}\"");
                }
            }
        }

        foreach (var rel in relations)
        {
            if (session.IsExtensionMember(Model.CatalogId.PgClass, rel.Oid) || excludeTables.Any(p => Matches(p, rel)))
            {
                continue;
            }

            var selected = includeTables.Count > 0
                ? includeTables.Any(p => Matches(p, rel)) && !IsSystemSchema(rel.Schema)
                : session.DumpedSchemas.ContainsKey(rel.SchemaOid);
            if (selected)
            {
                selection.Relations[rel.Oid] = rel;
            }
        }

        if (includeTables.Count > 0)
        {
            // As pg_dump: a sequence owned by a dumped table (serial, identity) is dumped with it.
            var owned = await session.QueryAsync(
                """
                SELECT d.objid FROM pg_catalog.pg_depend d
                WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                  AND d.deptype IN ('a', 'i') AND d.refobjid = ANY(@oids)
                """,
                r => r.Oid(0),
                ct,
                ("oids", selection.Relations.Keys.ToArray()));
            foreach (var rel in relations)
            {
                if (rel.Kind == 'S' && owned.Contains(rel.Oid))
                {
                    selection.Relations.TryAdd(rel.Oid, rel);
                }
            }
        }

        foreach (var rel in relations)
        {
            if (rel.Kind != 'r' || session.IsExtensionMember(Model.CatalogId.PgClass, rel.Oid) || options.SchemaOnly
                || excludeData.Any(p => Matches(p, rel)) || excludeTables.Any(p => Matches(p, rel)))
            {
                continue;
            }

            bool wanted;
            if (supabase && includeTables.Count == 0 && includeSchemas.Count == 0)
            {
                // Supabase dumps with data keep the rows of platform tables the project owns (auth.users,
                // storage.objects…), whose definitions the fresh project already has: what `supabase db dump
                // --data-only` adds to the schema dump in its restore recipe, in the same archive.
                wanted = !IsSystemSchema(rel.Schema) && !dataManaged.Any(p => p.Name.IsMatch(rel.Schema))
                    && !excludeSchemas.Any(p => p.Name.IsMatch(rel.Schema)) && !dataManagedTables.Any(p => Matches(p, rel));
            }
            else
            {
                wanted = selection.Relations.ContainsKey(rel.Oid);
            }

            if (wanted)
            {
                selection.DataTables.Add(rel.Oid);
            }
        }

        await ConfigurationSelection.SelectAsync(session, selection, relations, new SelectionPatterns(includeSchemas, excludeSchemas, includeTables, excludeTables, excludeData), supabase, ct);
        return selection;
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
internal sealed record RelationName(uint Oid, uint SchemaOid, string Schema, string Name, char Kind, bool Visible);
