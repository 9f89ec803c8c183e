using PgSnap.Model;

namespace PgSnap.Ordering;

/// <summary>
/// Puts the objects of one section in a safe order. First a total order by kind priority, schema and name
/// (so equal databases give equal dumps), then a topological sort that always emits the earliest object whose
/// dependencies are all out, so it moves as little as it can. Dependencies on objects outside the list are
/// ignored (they are in an earlier section or not dumped). pg_dump's known cycles are cut before the sort by how
/// the objects are split (serial defaults, foreign keys, view dependencies through constraints, base types and
/// their I/O functions via shell types, views via placeholders in <see cref="ViewCycleBreaker"/>); a cycle that
/// is still left is broken by emitting the earliest object still waiting, as if its remaining dependencies were met.
/// </summary>
internal static class DependencySorter
{
    public static List<DumpObject> Sort(IReadOnlyList<DumpObject> objects, IReadOnlyDictionary<DumpObject, HashSet<DumpObject>> dependsOn)
    {
        var ordered = objects
            .OrderBy(o => o.Priority)
            .ThenBy(o => o.Schema ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(o => o.Name, StringComparer.Ordinal)
            .ThenBy(o => o.Kind, StringComparer.Ordinal)
            .ThenBy(o => o.Id.ObjectId)
            .ToList();
        var (waitingOn, dependents) = Graph(ordered, dependsOn);
        return Emit(ordered, waitingOn, dependents);
    }

    /// <summary>
    /// The dependencies between positions in <paramref name="ordered"/>: how many each waits on, and who waits on
    /// each. Dependencies on objects outside the list, and on the object itself, are left out.
    /// </summary>
    private static (int[] WaitingOn, List<int>[] Dependents) Graph(List<DumpObject> ordered, IReadOnlyDictionary<DumpObject, HashSet<DumpObject>> dependsOn)
    {
        var index = new Dictionary<DumpObject, int>(ordered.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < ordered.Count; i++)
        {
            index[ordered[i]] = i;
        }

        var waitingOn = new int[ordered.Count];
        var dependents = new List<int>[ordered.Count];
        for (var i = 0; i < ordered.Count; i++)
        {
            dependents[i] = [];
        }

        for (var i = 0; i < ordered.Count; i++)
        {
            if (!dependsOn.TryGetValue(ordered[i], out var deps))
            {
                continue;
            }

            foreach (var dep in deps)
            {
                if (index.TryGetValue(dep, out var j) && j != i)
                {
                    waitingOn[i]++;
                    dependents[j].Add(i);
                }
            }
        }

        return (waitingOn, dependents);
    }

    /// <summary>The topological sort: always the earliest ready object, or in a cycle the earliest still waiting.</summary>
    private static List<DumpObject> Emit(List<DumpObject> ordered, int[] waitingOn, List<int>[] dependents)
    {
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (waitingOn[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        var done = new bool[ordered.Count];
        var result = new List<DumpObject>(ordered.Count);
        var nextUndone = 0;
        while (result.Count < ordered.Count)
        {
            int current;
            if (ready.Count > 0)
            {
                current = ready.Dequeue();
                if (done[current])
                {
                    continue;
                }
            }
            else
            {
                // A cycle: take the earliest object still waiting.
                while (done[nextUndone])
                {
                    nextUndone++;
                }

                current = nextUndone;
            }

            done[current] = true;
            result.Add(ordered[current]);
            foreach (var dependent in dependents[current])
            {
                if (--waitingOn[dependent] == 0 && !done[dependent])
                {
                    ready.Enqueue(dependent, dependent);
                }
            }
        }

        return result;
    }
}
