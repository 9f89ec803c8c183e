namespace PgSnap.Model.Objects;

/// <summary>A text search dictionary (pg_ts_dict) of a dumped schema.</summary>
/// <param name="Options">dictinitoption: the options as the server stores them (<c>stopwords = 'english'</c>), or null.</param>
internal sealed record TextSearchDictionaryRecord(
    uint Oid,
    string Schema,
    string Name,
    string Owner,
    string TemplateSchema,
    string Template,
    string? Options,
    Description Description);
