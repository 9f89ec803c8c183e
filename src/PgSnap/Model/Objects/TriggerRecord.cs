namespace PgSnap.Model.Objects;

/// <summary>A user trigger (pg_trigger, not internal, not a partition's clone) with its table.</summary>
/// <param name="Definition">pg_get_triggerdef.</param>
/// <param name="Enabled">tgenabled: O, D, R or A.</param>
/// <param name="RelKind">The table's relkind (r, p, v or f).</param>
internal sealed record TriggerRecord(
    uint Oid, uint RelOid, string Name, string Definition, char Enabled, string Schema, string Table, string Owner, uint FunctionOid, char RelKind,
    Description Description);

/// <summary>A partition's clone of its parent's trigger: only its own state and comment are dumped.</summary>
/// <param name="ParentEnabled">The parent trigger's tgenabled.</param>
/// <param name="Ancestors">The parent trigger, its parent, and so on.</param>
internal sealed record PartitionTriggerRecord(uint Oid, uint RelOid, string Name, char Enabled, char ParentEnabled, IReadOnlyList<uint> Ancestors, Description Description);
