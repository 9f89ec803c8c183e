namespace PgSnap.Model.Objects;

/// <summary>A text search parser (pg_ts_parser) of a dumped schema; its functions as regproc text.</summary>
/// <param name="Headline">The headline function, or null.</param>
internal sealed record TextSearchParserRecord(uint Oid, string Schema, string Name, string Start, string GetToken, string End, string LexTypes, string? Headline, Description Description);
