using PgSnap.Model;

namespace PgSnap.Catalog.Coverage;

/// <summary>
/// What a plan says it writes, in the inventory's terms: catalog rows that have a block (or fold into one),
/// privileges, comments and labels the readers wrote, DEPENDS ON EXTENSION marks, rows and values.
/// </summary>
internal sealed record PlanClaims
{
    /// <summary>Ids and aliases of every plan object.</summary>
    public IReadOnlySet<CatalogId> Objects { get; init; } = new HashSet<CatalogId>();

    /// <summary>Objects that have an ACL-only block (an extension member's or initdb object's changed privileges).</summary>
    public IReadOnlySet<CatalogId> AclBlocks { get; init; } = new HashSet<CatalogId>();

    /// <summary>(object, extension) pairs of the plan objects' DEPENDS ON EXTENSION.</summary>
    public IReadOnlySet<(CatalogId Object, uint Extension)> ExtensionDependencies { get; init; } = new HashSet<(CatalogId, uint)>();

    public IReadOnlySet<CatalogKey> Acls { get; init; } = new HashSet<CatalogKey>();

    public IReadOnlySet<CatalogKey> Comments { get; init; } = new HashSet<CatalogKey>();

    public IReadOnlySet<CatalogKey> SecurityLabels { get; init; } = new HashSet<CatalogKey>();

    /// <summary>Tables whose rows are copied.</summary>
    public IReadOnlySet<uint> TableData { get; init; } = new HashSet<uint>();

    /// <summary>Sequences whose value is set.</summary>
    public IReadOnlySet<uint> SequenceValues { get; init; } = new HashSet<uint>();

    public IReadOnlySet<uint> LargeObjects { get; init; } = new HashSet<uint>();

    /// <summary>Collects the claims of plan objects (ids, aliases, ACL blocks, extension marks).</summary>
    public static (HashSet<CatalogId> Objects, HashSet<CatalogId> AclBlocks, HashSet<(CatalogId, uint)> ExtensionDependencies) FromObjects(IEnumerable<DumpObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var ids = new HashSet<CatalogId>();
        var acl = new HashSet<CatalogId>();
        var ext = new HashSet<(CatalogId, uint)>();
        foreach (var o in objects)
        {
            if (o.Kind == "ACL")
            {
                acl.Add(o.Id);
                continue;
            }

            ids.Add(o.Id);
            ids.UnionWith(o.Aliases);
            foreach (var e in o.ExtensionDependencies)
            {
                ext.Add((o.Id, e));
                foreach (var alias in o.Aliases)
                {
                    ext.Add((alias, e));
                }
            }
        }

        return (ids, acl, ext);
    }
}
