namespace PgSnap.Model.Objects;

/// <summary>An access method created with CREATE ACCESS METHOD (pg_am).</summary>
/// <param name="Type">amtype: t (table) or i (index).</param>
/// <param name="Handler">The handler function as regproc text.</param>
internal sealed record AccessMethodRecord(uint Oid, string Name, char Type, string Handler, Description Description);
