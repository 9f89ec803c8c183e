namespace PgSnap.Model.Objects;

/// <summary>A primary key, unique, exclusion or foreign key constraint (pg_constraint, contype p/u/x/f).</summary>
/// <param name="Type">contype: p, u, x or f.</param>
/// <param name="Definition">pg_get_constraintdef.</param>
/// <param name="IndexOid">conindid: the index of a key or exclusion constraint (0 for none).</param>
/// <param name="ParentOid">conparentid: the partitioned parent's constraint this one is a copy of (0 for none).</param>
internal sealed record KeyConstraintRecord(uint Oid, uint RelOid, string Name, char Type, string Definition, uint IndexOid, uint ParentOid, Description Description);
