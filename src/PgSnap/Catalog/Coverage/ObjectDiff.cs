using PgSnap.Archive.Manifest;

namespace PgSnap.Catalog.Coverage;

/// <summary>
/// Two object lists side by side (an archive's against a live database's, or a live database's against its
/// restored copy): one line per object missing on a side or whose definition, owner, privileges or comment
/// differs. A component the expected side does not record (null) is not compared.
/// </summary>
internal static class ObjectDiff
{
    public static List<string> Compare(IReadOnlyList<ObjectRecord> expected, IReadOnlyList<ObjectRecord> actual, string expectedName, string actualName)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var want = Index(expected);
        var have = Index(actual);
        var result = new List<string>();
        foreach (var identity in want.Keys.Union(have.Keys).Order(StringComparer.Ordinal))
        {
            if (!have.TryGetValue(identity, out var a))
            {
                result.Add($"{identity} is in {expectedName} but not in {actualName}");
                continue;
            }

            if (!want.TryGetValue(identity, out var e))
            {
                result.Add($"{identity} is in {actualName} but not in {expectedName}");
                continue;
            }

            var what = new List<string>();
            if (e.Definition != a.Definition)
            {
                what.Add("definition");
            }

            if (e.Owner is not null && a.Owner is not null && e.Owner != a.Owner)
            {
                what.Add($"owner ({e.Owner} in {expectedName}, {a.Owner} in {actualName})");
            }

            if (e.Acl is not null && a.Acl is not null && e.Acl != a.Acl)
            {
                what.Add("privileges");
            }

            if (e.Comment is not null && a.Comment is not null && e.Comment != a.Comment)
            {
                what.Add("comment");
            }

            if (what.Count > 0)
            {
                result.Add($"{identity}: {string.Join(", ", what)} differ{(what.Count == 1 && what[0] != "privileges" ? "s" : "")} between {expectedName} and {actualName}");
            }
        }

        return result;
    }

    private static Dictionary<string, ObjectRecord> Index(IReadOnlyList<ObjectRecord> records)
    {
        var map = new Dictionary<string, ObjectRecord>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            map.TryAdd(r.Identity, r);
        }

        return map;
    }
}
