namespace PgSnap.Model.Objects;

/// <summary>A rewrite rule (pg_rewrite, not a view's _RETURN rule).</summary>
/// <param name="Definition">pg_get_ruledef.</param>
/// <param name="Enabled">ev_enabled: O, D, R or A.</param>
internal sealed record RuleRecord(uint Oid, uint RelOid, string Name, string Definition, char Enabled, Description Description);
