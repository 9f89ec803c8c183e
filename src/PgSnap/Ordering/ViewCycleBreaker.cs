using PgSnap.Model;

namespace PgSnap.Ordering;

/// <summary>
/// Breaks dependency cycles that go through a view, the way pg_dump_sort.c's repairViewRuleMultiLoop does: a view
/// whose definition needs something that needs the view (e.g. a function returning SETOF the view's row type that
/// the view selects from) is created as a placeholder with the right column names and types, and its real
/// definition follows in post-data as CREATE OR REPLACE VIEW. Runs before the sort; cycles are found as strongly
/// connected components of the pre-data dependency graph.
/// </summary>
internal static class ViewCycleBreaker
{
    /// <summary>Splits every view that sits in a pre-data cycle; the definitions are added to <paramref name="objects"/>.</summary>
    public static void Break(List<DumpObject> objects, Dictionary<DumpObject, HashSet<DumpObject>> edges)
    {
        var preData = objects.Where(o => o.Section == DumpSection.PreData).ToList();
        foreach (var component in StronglyConnected(preData, edges))
        {
            if (component.Count < 2)
            {
                continue;
            }

            var members = new HashSet<DumpObject>(component, ReferenceEqualityComparer.Instance);
            foreach (var view in component)
            {
                if (view.Split is { } split)
                {
                    objects.Add(SplitView(view, split, members, edges));
                }
            }
        }
    }

    private static DumpObject SplitView(DumpObject view, ViewSplit split, HashSet<DumpObject> cycle, Dictionary<DumpObject, HashSet<DumpObject>> edges)
    {
        var definition = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgRewrite + 1_000_000u, view.Id.ObjectId),
            Kind = "RULE",
            Schema = view.Schema,
            Name = view.Name + " _RETURN",
            Owner = view.Owner,
            Section = DumpSection.PostData,
            Priority = SortPriority.Rule,
            Sql = split.ReplaceSql,
        };
        var definitionNeeds = new HashSet<DumpObject>(ReferenceEqualityComparer.Instance) { view };
        if (edges.TryGetValue(view, out var viewNeeds))
        {
            definitionNeeds.UnionWith(viewNeeds);

            // The placeholder needs nothing of the cycle: its columns are NULLs of the right types.
            viewNeeds.RemoveWhere(cycle.Contains);
        }

        edges[definition] = definitionNeeds;
        view.Sql = split.PlaceholderSql;
        return definition;
    }

    /// <summary>Tarjan's algorithm, iterative so that long dependency chains cannot overflow the stack.</summary>
    private static List<List<DumpObject>> StronglyConnected(List<DumpObject> nodes, Dictionary<DumpObject, HashSet<DumpObject>> edges)
    {
        var inSet = new HashSet<DumpObject>(nodes, ReferenceEqualityComparer.Instance);
        var index = new Dictionary<DumpObject, int>(ReferenceEqualityComparer.Instance);
        var low = new Dictionary<DumpObject, int>(ReferenceEqualityComparer.Instance);
        var onStack = new HashSet<DumpObject>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<DumpObject>();
        var result = new List<List<DumpObject>>();
        var next = 0;
        foreach (var root in nodes)
        {
            if (index.ContainsKey(root))
            {
                continue;
            }

            var work = new Stack<(DumpObject Node, IEnumerator<DumpObject> Successors)>();
            Visit(root);
            while (work.Count > 0)
            {
                var (node, successors) = work.Peek();
                if (successors.MoveNext())
                {
                    var w = successors.Current;
                    if (!inSet.Contains(w))
                    {
                        continue;
                    }

                    if (!index.ContainsKey(w))
                    {
                        Visit(w);
                    }
                    else if (onStack.Contains(w))
                    {
                        low[node] = Math.Min(low[node], index[w]);
                    }

                    continue;
                }

                work.Pop();
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    var component = new List<DumpObject>();
                    DumpObject member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (!ReferenceEquals(member, node));
                    result.Add(component);
                }
            }

            void Visit(DumpObject v)
            {
                index[v] = low[v] = next++;
                stack.Push(v);
                onStack.Add(v);
                var successors = edges.TryGetValue(v, out var deps) ? deps.ToList() : [];
                work.Push((v, successors.GetEnumerator()));
            }
        }

        return result;
    }
}
