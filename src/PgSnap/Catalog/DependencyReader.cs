using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Turns pg_depend into edges between dump objects: each side is mapped to the object it folds into (a view's
/// rule to the view, a row type to its table, an extension member to its extension…); edges within one object
/// and to objects that are not dumped disappear. The readers' own extra dependencies are added.
/// </summary>
internal static class DependencyReader
{
    public static async Task<Dictionary<DumpObject, HashSet<DumpObject>>> ReadAsync(CatalogSession session, IReadOnlyList<DumpObject> objects, CancellationToken ct)
    {
        // A privileges-only block ("ACL") carries the Id of an object the dump does not create: edges to that object
        // belong to what does create it (its extension), so the block takes none.
        var byId = new Dictionary<CatalogId, DumpObject>(objects.Count);
        foreach (var o in objects.Where(o => o.Kind != "ACL"))
        {
            byId.TryAdd(o.Id, o);
        }

        foreach (var o in objects.Where(o => o.Kind != "ACL"))
        {
            foreach (var alias in o.Aliases)
            {
                byId.TryAdd(alias, o);
            }
        }

        var extensions = objects.Where(o => o.Id.ClassId == CatalogId.PgExtension).ToDictionary(o => o.Id.ObjectId);
        foreach (var (member, extension) in session.ExtensionMembers)
        {
            if (extensions.TryGetValue(extension, out var ext))
            {
                byId.TryAdd(member, ext);
            }
        }

        var edges = new Dictionary<DumpObject, HashSet<DumpObject>>(ReferenceEqualityComparer.Instance);
        void AddEdge(DumpObject from, DumpObject to)
        {
            if (ReferenceEquals(from, to))
            {
                return;
            }

            if (!edges.TryGetValue(from, out var set))
            {
                edges[from] = set = new HashSet<DumpObject>(ReferenceEqualityComparer.Instance);
            }

            set.Add(to);
        }

        await session.QueryAsync(
            """
            SELECT classid, objid, refclassid, refobjid FROM pg_catalog.pg_depend
            WHERE deptype IN ('n', 'a', 'i') AND objid >= 16384 AND refobjid >= 16384
            """,
            r =>
            {
                if (byId.TryGetValue(new CatalogId(r.Oid(0), r.Oid(1)), out var from)
                    && byId.TryGetValue(new CatalogId(r.Oid(2), r.Oid(3)), out var to))
                {
                    AddEdge(from, to);
                }
            },
            ct);

        foreach (var o in objects)
        {
            foreach (var dep in o.DependsOn)
            {
                if (byId.TryGetValue(dep, out var to))
                {
                    AddEdge(o, to);
                }
            }
        }

        BaseTypeReader.BreakIoFunctionCycles(objects, edges);
        return edges;
    }
}
