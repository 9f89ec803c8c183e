using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Orders the REFRESH MATERIALIZED VIEW statements of post-data: a materialized view's refresh waits for the refresh
/// of every populated materialized view it reads, directly or through plain views (a view over an unpopulated
/// materialized view cannot be scanned, so refreshing in name order fails with "has not been populated"). The view
/// definitions' dependency edges are walked through views only, as pg_dump does for refresh dependencies.
/// </summary>
internal static class MaterializedViewRefreshOrder
{
    public static void Link(List<DumpObject> objects, Dictionary<DumpObject, HashSet<DumpObject>> edges)
    {
        var refreshes = objects.Where(o => o.Kind == "MATERIALIZED VIEW DATA").ToDictionary(o => o.Id.ObjectId);
        if (refreshes.Count == 0)
        {
            return;
        }

        var relations = objects.Where(o => o.Id.ClassId == CatalogId.PgClass && o.Kind is "VIEW" or "MATERIALIZED VIEW").ToDictionary(o => o.Id.ObjectId);
        foreach (var refresh in refreshes.Values)
        {
            if (!relations.TryGetValue(refresh.Id.ObjectId, out var matview))
            {
                continue;
            }

            var seen = new HashSet<DumpObject>(ReferenceEqualityComparer.Instance) { matview };
            var pending = new Stack<DumpObject>([matview]);
            while (pending.TryPop(out var current))
            {
                if (!edges.TryGetValue(current, out var deps))
                {
                    continue;
                }

                foreach (var dep in deps)
                {
                    if (!seen.Add(dep))
                    {
                        continue;
                    }

                    if (dep.Kind == "VIEW")
                    {
                        pending.Push(dep);
                    }
                    else if (dep.Kind == "MATERIALIZED VIEW" && refreshes.TryGetValue(dep.Id.ObjectId, out var depRefresh))
                    {
                        if (!edges.TryGetValue(refresh, out var set))
                        {
                            edges[refresh] = set = new HashSet<DumpObject>(ReferenceEqualityComparer.Instance);
                        }

                        set.Add(depRefresh);
                    }
                }
            }
        }
    }
}
