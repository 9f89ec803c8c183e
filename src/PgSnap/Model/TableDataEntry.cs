namespace PgSnap.Model;

/// <summary>
/// A table whose rows go into the data section. The data engine turns it into one or more COPY blocks.
/// </summary>
/// <param name="Schema">Unquoted schema name.</param>
/// <param name="Name">Unquoted table name.</param>
/// <param name="Owner">Owning role.</param>
/// <param name="QualifiedName">Quoted, schema-qualified name to use in SQL, e.g. <c>public."Mixed"</c>.</param>
/// <param name="ColumnList">Quoted column names that carry data (no generated or dropped columns), comma separated,
/// without parentheses. Empty for a table with no such column.</param>
/// <param name="Oid">pg_class oid, for ordering and progress.</param>
/// <param name="EstimatedRows">pg_class.reltuples (or -1 when never analyzed).</param>
/// <param name="RelPages">pg_class.relpages, used to split big tables into ctid ranges.</param>
/// <param name="SizeBytes">pg_relation_size of the heap, used for progress, ETA and scheduling largest first.</param>
/// <param name="CanSplitByCtid">False for tables whose rows do not live in one heap (partitioned parents, foreign tables).</param>
/// <param name="Filter">For an extension configuration table: its pg_extension_config_dump condition (e.g.
/// <c>WHERE NOT system</c>, empty for all rows), which picks the user's rows out of the extension's; else null.</param>
public sealed record TableDataEntry(
    string Schema,
    string Name,
    string? Owner,
    string QualifiedName,
    string ColumnList,
    uint Oid,
    long EstimatedRows,
    long RelPages,
    long SizeBytes,
    bool CanSplitByCtid,
    string? Filter = null)
{
    /// <summary>
    /// True for an extension configuration table: pg_dump counts its user rows as schema, so they are copied even
    /// by a schema-only dump.
    /// </summary>
    public bool IsExtensionConfiguration => Filter is not null;
}
