using PgSnap.Model;

namespace PgSnap.Catalog.Coverage;

/// <summary>
/// What the catalog of one database holds beyond initdb's objects, as the coverage audit compares it with a plan
/// (docs/FORMAT.md, "Coverage"). Filled by <see cref="InventoryReader"/>; plain data, so the comparer is testable
/// without a server.
/// </summary>
internal sealed record CatalogInventory
{
    private (IReadOnlyList<InventoryObject> Of, Dictionary<CatalogId, InventoryObject> Map)? _byId;

    /// <summary>Objects of oid 16384 and above from every catalog pg_depend can reference.</summary>
    public IReadOnlyList<InventoryObject> Objects { get; init; } = [];

    /// <summary>
    /// <see cref="Objects"/> by id (the last one wins), built once: the audit resolves against it up to four times
    /// (before the plan, then with it), and each build of a 45,000-entry map from scratch allocated ~3 MB of large
    /// arrays that only a full collection frees (README, "5,000 tables"). Built again for a copy made with other
    /// objects (<c>with</c> copies the cache). Not safe for first use from two threads.
    /// </summary>
    public IReadOnlyDictionary<CatalogId, InventoryObject> ById
    {
        get
        {
            if (_byId is not { } cached || !ReferenceEquals(cached.Of, Objects))
            {
                _byId = cached = (Objects, Index(Objects));
            }

            return cached.Map;
        }
    }

    /// <summary>Schemas by oid → name, every one of them (system schemas too).</summary>
    public IReadOnlyDictionary<uint, string> Schemas { get; init; } = new Dictionary<uint, string>();

    /// <summary>Catalog rows that belong to an extension (pg_depend 'e'), mapped to the extension's oid.</summary>
    public IReadOnlyDictionary<CatalogId, uint> ExtensionMembers { get; init; } = new Dictionary<CatalogId, uint>();

    /// <summary>pg_depend 'x' rows: the object is marked as depending on the extension.</summary>
    public IReadOnlyList<(CatalogId Object, uint Extension)> ExtensionDependencies { get; init; } = [];

    /// <summary>Extension configuration relations (pg_extension.extconfig) that hold rows the extension's script did not make.</summary>
    public IReadOnlyList<ExtensionConfigRelation> ExtensionConfig { get; init; } = [];

    /// <summary>pg_description keys (objects of initdb only for a changed comment on schema public).</summary>
    public IReadOnlyList<CatalogKey> Comments { get; init; } = [];

    /// <summary>pg_seclabel keys (each object/column once, whatever the number of providers).</summary>
    public IReadOnlyList<CatalogKey> SecurityLabels { get; init; } = [];

    /// <summary>
    /// Privileges a dump must write: for user objects any ACL that is set; for extension members and initdb objects
    /// an ACL (object or column) that differs from pg_init_privs.
    /// </summary>
    public IReadOnlyList<CatalogKey> Acls { get; init; } = [];

    public IReadOnlyList<uint> LargeObjects { get; init; } = [];

    private static Dictionary<CatalogId, InventoryObject> Index(IReadOnlyList<InventoryObject> objects)
    {
        var byId = new Dictionary<CatalogId, InventoryObject>(objects.Count);
        foreach (var o in objects)
        {
            byId[o.Id] = o;
        }

        return byId;
    }
}

/// <param name="Relation">The configuration table or sequence.</param>
/// <param name="Kind">'r' for a table, 'S' for a sequence.</param>
/// <param name="Extension">The extension that registered it.</param>
/// <param name="SchemaOid">The relation's namespace.</param>
internal sealed record ExtensionConfigRelation(uint Relation, char Kind, uint Extension, uint SchemaOid);
