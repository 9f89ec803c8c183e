using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// What the CREATE TABLE of an inheritance child (not a partition: partitions are created standalone, then attached)
/// may and must say about a column the parents also have, after pg_dump's flagInhAttrs.
/// </summary>
internal static class ColumnInheritance
{
    /// <summary>
    /// The column's <c>GENERATED ALWAYS AS (…) STORED</c> (or, for a virtual column on 18, without STORED) clause, or
    /// null when the CREATE must leave it out: a child whose parents generate the column with the same expression
    /// takes it from them, and 13 to 15 refuse a child that repeats it (SQLSTATE 42611).
    /// </summary>
    /// <param name="column">The child's column.</param>
    /// <param name="parentColumns">The same-named columns of the child's parents (empty for a table without parents or a partition).</param>
    public static string? GenerationClause(ColumnRecord column, IReadOnlyList<ColumnRecord> parentColumns)
    {
        if (column.Generated == '\0' || column.DefaultExpr is null)
        {
            return null;
        }

        var generatingParents = parentColumns.Where(p => p.Name == column.Name && p.Generated != '\0').ToList();
        if (generatingParents.Count > 0 && generatingParents.All(p => p.DefaultExpr == column.DefaultExpr))
        {
            return null;
        }

        return " GENERATED ALWAYS AS (" + column.DefaultExpr + (column.Generated == 'v' ? ")" : ") STORED");
    }

    /// <summary>
    /// True when a child's column has no default but a parent's has one: CREATE TABLE … INHERITS would copy the
    /// parent's default into the child, so the child's block must drop it again (<c>SET DEFAULT NULL</c>).
    /// </summary>
    public static bool NeedsDefaultNull(ColumnRecord column, IReadOnlyList<ColumnRecord> parentColumns) =>
        column.DefaultExpr is null && column.Identity == '\0' && column.Generated == '\0' && ParentDefaults(column, parentColumns).Any();

    /// <summary>
    /// True when the parents give the column different defaults: CREATE TABLE … INHERITS then refuses the child
    /// unless its column definition names its own default, so the default goes inline rather than only in a
    /// later ALTER.
    /// </summary>
    public static bool ParentDefaultsConflict(ColumnRecord column, IReadOnlyList<ColumnRecord> parentColumns) =>
        ParentDefaults(column, parentColumns).Distinct(StringComparer.Ordinal).Skip(1).Any();

    private static IEnumerable<string> ParentDefaults(ColumnRecord column, IReadOnlyList<ColumnRecord> parentColumns) =>
        parentColumns.Where(p => p.Name == column.Name && p.DefaultExpr is not null && p.Generated == '\0').Select(p => p.DefaultExpr!);
}
