namespace PgSnap.Catalog.Coverage;

/// <summary>Something the database holds that the dump would not write, and which its options do not explain.</summary>
/// <param name="Key">The catalog row (and column) concerned.</param>
/// <param name="What">What of it is lost: object, privileges, comment, security label, rows, sequence value…</param>
/// <param name="Description">pg_describe_object's text, once resolved on the server (else empty).</param>
internal sealed record UncoveredItem(CatalogKey Key, string What, string Description = "")
{
    /// <summary>"comment on table public.t" style line.</summary>
    public string Text => string.IsNullOrEmpty(Description)
        ? $"{What} of catalog row {Key.ClassId}/{Key.ObjectId}" + (Key.SubId != 0 ? $" column {Key.SubId}" : "")
        : What == "object" ? Description : $"{What} of {Description}";
}
