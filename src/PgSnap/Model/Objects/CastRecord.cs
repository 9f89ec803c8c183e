namespace PgSnap.Model.Objects;

/// <summary>A user-defined cast (pg_cast) as the catalog describes it.</summary>
/// <param name="Source">The source type, formatted (format_type).</param>
/// <param name="Method">castmethod: f (function), i (inout) or b (binary coercible).</param>
/// <param name="Function">The cast function as regprocedure text, when <paramref name="Method"/> is f.</param>
/// <param name="Context">castcontext: e (explicit), a (assignment) or i (implicit).</param>
/// <param name="DependsOn">Binary casts of the dump its function relies on, which pg_depend does not record.</param>
internal sealed record CastRecord(
    uint Oid,
    string Source,
    string Target,
    char Method,
    string? Function,
    char Context,
    Description Description,
    IReadOnlyList<CatalogId> DependsOn);
