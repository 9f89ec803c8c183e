namespace PgSnap.Model.Objects;

/// <summary>An operator family (pg_opfamily) of a dumped schema.</summary>
/// <param name="Method">The access method's name (btree, hash…).</param>
/// <param name="LooseMembers">
/// Members added to the family rather than to one of its classes (pg_depend 'a' on the family), as member lines:
/// <c>OPERATOR 1 =(integer,bigint)</c>, <c>FUNCTION 1 (integer, integer) hashint4(integer)</c>.
/// </param>
internal sealed record OperatorFamilyRecord(uint Oid, string Schema, string Name, string Owner, string Method, IReadOnlyList<string> LooseMembers, Description Description);
