namespace PgSnap.Model.Objects;

/// <summary>An event trigger (pg_event_trigger).</summary>
/// <param name="Event">evtevent: ddl_command_start, sql_drop…</param>
/// <param name="Function">The trigger function as regproc text.</param>
/// <param name="Enabled">evtenabled: O (origin, the default), D, R or A.</param>
/// <param name="Tags">The command tags of WHEN TAG IN, or null.</param>
internal sealed record EventTriggerRecord(uint Oid, string Name, string Event, string Owner, string Function, uint FunctionOid, char Enabled, string[]? Tags, Description Description);
