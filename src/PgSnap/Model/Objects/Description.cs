using PgSnap.Catalog.Coverage;

namespace PgSnap.Model.Objects;

/// <summary>One security label of a catalog row (pg_seclabel).</summary>
internal sealed record SecurityLabel(string Provider, string Label);

/// <summary>
/// The comment and security labels of one catalog row (or column), as a reader found them. The key travels with
/// them so the emitter can tell the coverage audit which comments and labels a block wrote.
/// </summary>
internal sealed record Description(CatalogKey Key, string? Comment, IReadOnlyList<SecurityLabel> Labels)
{
    /// <summary>Nothing to say about the row.</summary>
    public static Description None(CatalogKey key) => new(key, null, []);
}
