namespace PgSnap.Model.Objects;

/// <summary>A table-like relation with what its CREATE and its block need: columns, check constraints, parents' columns.</summary>
/// <param name="ParentColumns">The columns of the table's inheritance parents (empty for a partition).</param>
internal sealed record TableRecord(
    RelationRecord Relation,
    IReadOnlyList<ColumnRecord> Columns,
    IReadOnlyList<CheckConstraintRecord> Checks,
    IReadOnlyList<ColumnRecord> ParentColumns);
