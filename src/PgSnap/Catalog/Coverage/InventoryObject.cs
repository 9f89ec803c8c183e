using PgSnap.Model;

namespace PgSnap.Catalog.Coverage;

/// <summary>
/// One user object of the database as the coverage inventory sees it: where it lives and what it hangs off, so the
/// comparer can tell whether the dump's options explain its absence from the plan.
/// </summary>
/// <param name="Id">Its catalog address.</param>
/// <param name="SchemaOid">Its namespace, or 0 for an object outside schemas (extension, cast, publication…).</param>
/// <param name="Owner">Owning role's name, or null for catalogs without an owner.</param>
/// <param name="Relation">
/// For an object that hangs off a relation (index, constraint, trigger, rule, policy, default, statistics,
/// publication membership): that relation's oid; otherwise 0.
/// </param>
/// <param name="Parent">For a member of another object (user mapping of a server, table of a publication): that object.</param>
/// <param name="Name">Its own name (no schema), for the options that select by name.</param>
/// <param name="Kind">relkind for pg_class rows, prokind for pg_proc, contype for pg_constraint, "shell" for a shell operator; empty otherwise.</param>
/// <param name="FoldedInto">
/// The object whose definition recreates this one (an internal or partition dependency: a table's row type, a
/// constraint's index, a partition's clone of its parent's trigger), or null when it stands on its own.
/// </param>
internal sealed record InventoryObject(
    CatalogId Id, uint SchemaOid, string? Owner, uint Relation, CatalogId? Parent, string Name, string Kind, CatalogId? FoldedInto);
