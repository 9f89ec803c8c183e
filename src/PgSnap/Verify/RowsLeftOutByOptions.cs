using PgSnap.Catalog;
using PgSnap.Dump;

namespace PgSnap.Verify;

/// <summary>
/// Which live tables a dump left out of its data on purpose, judged from the options its header records: the
/// Supabase profile's platform bookkeeping (auth.schema_migrations, storage.migrations… and the schemas whose data
/// the platform owns), <c>--exclude-table-data</c>, <c>-T</c> and, for unlogged tables, <c>--no-unlogged-table-data</c>. <c>verify --against</c> lists such a table as left
/// out instead of failing on it. A pattern without a schema matches the name in any schema here (the dump judged it
/// with its search path, which verify does not have); it only ever spares a table the archive does not hold.
/// </summary>
internal sealed class RowsLeftOutByOptions
{
    private readonly List<NamePattern> _tables;
    private readonly List<NamePattern> _schemas;
    private readonly bool _noUnloggedData;

    public RowsLeftOutByOptions(DumpOptions options)
    {
        var supabase = options.Profile == DumpProfile.Supabase;
        _tables = [.. (supabase ? SupabaseProfile.DataExcludedTables : []).Concat(options.ExcludeTableData).Concat(options.ExcludeTables).Select(p => NamePattern.Parse(p, 3))];
        _schemas = [.. (supabase ? SupabaseProfile.DataExcludedSchemas : []).Select(p => NamePattern.Parse(p, 2))];
        _noUnloggedData = options.NoUnloggedTableData;
    }

    public bool Contains(string schema, string name, bool unlogged = false) =>
        (unlogged && _noUnloggedData)
        || _schemas.Any(p => p.Name.IsMatch(schema))
        || _tables.Any(p => p.Name.IsMatch(name) && (p.Schema is null || p.Schema.IsMatch(schema)));
}
