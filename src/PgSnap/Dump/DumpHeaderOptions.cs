using System.Globalization;

namespace PgSnap.Dump;

/// <summary>The options a dump records in its archive header (docs/FORMAT.md): only those that change the output.</summary>
internal static class DumpHeaderOptions
{
    /// <summary>
    /// The options that decide what a dump holds, back from a header (for verify --against and drill --against to
    /// select the same objects on a live database). Lists were joined with commas, so a pattern holding a comma
    /// does not come back whole.
    /// </summary>
    public static DumpOptions ToOptions(IReadOnlyDictionary<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        bool Flag(string name) => map.TryGetValue(name, out var v) && v == "true";
        IReadOnlyList<string> List(string name) => map.TryGetValue(name, out var v) ? v.Split(',') : [];
        return new DumpOptions
        {
            SchemaOnly = Flag("schema_only"),
            DataOnly = Flag("data_only"),
            IncludeSchemas = List("schemas"),
            ExcludeSchemas = List("exclude_schemas"),
            IncludeTables = List("tables"),
            ExcludeTables = List("exclude_tables"),
            ExcludeTableData = List("exclude_table_data"),
            IncludeExtensions = List("extensions"),
            ExcludeExtensions = List("exclude_extensions"),
            Sections = [.. List("sections").Select(Archive.ArchiveFormat.Sections.Parse)],
            StrictNames = false,
            NoOwner = Flag("no_owner"),
            NoAcl = Flag("no_acl"),
            NoComments = Flag("no_comments"),
            NoLargeObjects = Flag("no_large_objects"),
            NoPublications = Flag("no_publications"),
            NoSubscriptions = Flag("no_subscriptions"),
            NoSecurityLabels = Flag("no_security_labels"),
            NoPolicies = Flag("no_policies"),
            NoTableAccessMethod = Flag("no_table_access_method"),
            NoToastCompression = Flag("no_toast_compression"),
            NoUnloggedTableData = Flag("no_unlogged_table_data"),
            Profile = map.TryGetValue("profile", out var p) && p == "supabase" ? DumpProfile.Supabase : DumpProfile.Default,
        };
    }

    public static IReadOnlyDictionary<string, string> From(DumpOptions options)
    {
        var o = options;
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Flag(string name, bool value)
        {
            if (value)
            {
                map[name] = "true";
            }
        }

        void List(string name, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                map[name] = string.Join(',', values);
            }
        }

        Flag("schema_only", o.SchemaOnly);
        Flag("data_only", o.DataOnly);
        List("schemas", o.IncludeSchemas);
        List("exclude_schemas", o.ExcludeSchemas);
        List("tables", o.IncludeTables);
        List("exclude_tables", o.ExcludeTables);
        List("exclude_table_data", o.ExcludeTableData);
        List("extensions", o.IncludeExtensions);
        List("exclude_extensions", o.ExcludeExtensions);
        List("sections", [.. o.Sections.Select(Archive.Writing.BlockInfo.SectionName)]);
        Flag("no_owner", o.NoOwner);
        Flag("no_acl", o.NoAcl);
        Flag("no_comments", o.NoComments);
        Flag("no_large_objects", o.NoLargeObjects);
        Flag("create", o.Create);
        Flag("sequence_data", o.SequenceData);
        Flag("clean", o.Clean);
        Flag("if_exists", o.IfExists);
        Flag("inserts", o.Inserts);
        Flag("column_inserts", o.ColumnInserts);
        Flag("on_conflict_do_nothing", o.OnConflictDoNothing);
        Flag("disable_triggers", o.DisableTriggers);
        Flag("enable_row_security", o.EnableRowSecurity);
        Flag("no_publications", o.NoPublications);
        Flag("no_subscriptions", o.NoSubscriptions);
        Flag("no_security_labels", o.NoSecurityLabels);
        Flag("no_policies", o.NoPolicies);
        Flag("no_table_access_method", o.NoTableAccessMethod);
        Flag("no_toast_compression", o.NoToastCompression);
        Flag("no_unlogged_table_data", o.NoUnloggedTableData);
        Flag("allow_uncovered", o.AllowUncovered);
        if (o.RowsPerInsert != 1)
        {
            map["rows_per_insert"] = o.RowsPerInsert.ToString(CultureInfo.InvariantCulture);
        }

        map["profile"] = o.Profile == DumpProfile.Supabase ? "supabase" : "default";
        map["jobs"] = o.Jobs.ToString(CultureInfo.InvariantCulture);
        return map;
    }
}
