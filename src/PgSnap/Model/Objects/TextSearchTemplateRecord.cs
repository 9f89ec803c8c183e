namespace PgSnap.Model.Objects;

/// <summary>A text search template (pg_ts_template) of a dumped schema; its functions as regproc text.</summary>
/// <param name="Init">The init function, or null.</param>
internal sealed record TextSearchTemplateRecord(uint Oid, string Schema, string Name, string? Init, string Lexize, Description Description);
