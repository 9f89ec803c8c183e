namespace PgSnap.Model.Objects;

/// <summary>One token type's mapping of a text search configuration: the dictionaries (regdictionary text) in order.</summary>
internal sealed record TextSearchMapping(string Token, IReadOnlyList<string> Dictionaries);

/// <summary>A text search configuration (pg_ts_config) of a dumped schema, with its token mappings in token order.</summary>
internal sealed record TextSearchConfigurationRecord(
    uint Oid,
    string Schema,
    string Name,
    string Owner,
    string ParserSchema,
    string Parser,
    IReadOnlyList<TextSearchMapping> Mappings,
    Description Description);
