namespace PgSnap.Model.Objects;

/// <summary>
/// An object marked <c>ALTER … DEPENDS ON EXTENSION</c> (pg_depend 'x'): a function, procedure, trigger,
/// materialized view or index, and the extension it depends on.
/// </summary>
/// <param name="Object">The marked object's catalog row.</param>
/// <param name="Keyword">ALTER's keyword: FUNCTION, PROCEDURE, TRIGGER, MATERIALIZED VIEW or INDEX.</param>
/// <param name="Schema">The object's schema (a trigger's: its table's).</param>
/// <param name="Arguments">A function's or procedure's identity arguments, else null.</param>
/// <param name="Table">A trigger's table, else null.</param>
internal sealed record ExtensionDependencyRecord(
    CatalogId Object,
    uint Extension,
    string ExtensionName,
    string Keyword,
    string Schema,
    string Name,
    string? Arguments,
    string? Table);
