namespace PgSnap.Model.Objects;

/// <summary>
/// A table whose rows go into the data section, with the sizes the data engine splits by.
/// </summary>
/// <param name="Columns">The columns COPY reads (every non-generated one), in order.</param>
/// <param name="Created">The dump creates the table (else only its rows are copied: data-only or configuration tables).</param>
/// <param name="Condition">An extension configuration table's row filter (its WHERE clause), if any.</param>
internal sealed record TableDataRecord(
    uint Oid, string Schema, string Name, string? Owner, IReadOnlyList<string> Columns, double RelTuples, long RelPages, long SizeBytes,
    bool Created, string? Condition = null);
