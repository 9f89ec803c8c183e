namespace PgSnap.Model.Objects;

/// <summary>
/// What the relation reader found for the selected relations, in the order their blocks are written: relations by
/// schema and name, columns by relation (in oid order), check constraints by name, the data-section tables, and the
/// extension configuration sequences whose values alone are dumped.
/// </summary>
internal sealed record RelationSet(
    IReadOnlyList<RelationRecord> Relations,
    IReadOnlyDictionary<uint, IReadOnlyList<ColumnRecord>> Columns,
    IReadOnlyList<CheckConstraintRecord> Checks,
    IReadOnlyDictionary<uint, SequenceRecord> Sequences,
    IReadOnlyList<TableDataRecord> TableData,
    IReadOnlyList<SequenceRecord> ConfigurationSequences)
{
    /// <summary>The relation's columns, or none.</summary>
    public IReadOnlyList<ColumnRecord> ColumnsOf(uint relOid) => Columns.TryGetValue(relOid, out var cols) ? cols : [];
}
