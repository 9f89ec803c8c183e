using PgSnap.Catalog.Coverage;

namespace PgSnap.Model.Objects;

/// <summary>A check constraint of a relation (pg_constraint, contype c).</summary>
/// <param name="Definition">pg_get_constraintdef: <c>CHECK (…)</c>, possibly with NOT VALID / NO INHERIT.</param>
/// <param name="InLoop">The constraint's expression needs something that needs its table (see the reader).</param>
internal sealed record CheckConstraintRecord(uint Oid, uint RelOid, string Name, string Definition, bool Validated, bool IsLocal, bool InLoop = false)
{
    /// <summary>A valid constraint of the table's own that still cannot go inline: it is added after the table's loop.</summary>
    public bool BreaksLoop => Validated && IsLocal && InLoop;

    /// <summary>The constraint's comment and labels.</summary>
    public Description Description { get; init; } = Description.None(new CatalogKey(CatalogId.PgConstraint, Oid));

    /// <summary>For an inherited NOT VALID copy: the same-named constraints of its ancestors, whose statements make it.</summary>
    public IReadOnlyList<CatalogId> Ancestors { get; init; } = [];
}
