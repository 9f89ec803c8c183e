namespace PgSnap.Model.Objects;

/// <summary>A row-level security policy (pg_policy).</summary>
/// <param name="Command">polcmd: r (SELECT), a (INSERT), w (UPDATE), d (DELETE) or * (ALL).</param>
/// <param name="Roles">The roles it applies to, or null for PUBLIC.</param>
/// <param name="Using">The USING expression (pg_get_expr).</param>
/// <param name="Check">The WITH CHECK expression (pg_get_expr).</param>
internal sealed record PolicyRecord(uint Oid, uint RelOid, string Name, char Command, bool Permissive, string[]? Roles, string? Using, string? Check, Description Description);
