using PgSnap.Catalog.Coverage;

namespace PgSnap.Model.Objects;

/// <summary>A schema-qualified relation name as the catalog spells it (unquoted).</summary>
internal sealed record QualifiedRelationName(string Schema, string Name);

/// <summary>
/// A table, partitioned table, view, materialized view, foreign table or sequence (pg_class) as the catalog describes
/// it. Server deparser output (partition bound and key, view definition, row type) is carried as read.
/// </summary>
/// <param name="Persistence">relpersistence: p (permanent), u (unlogged).</param>
/// <param name="InitialAcl">The ACL the object starts with (pg_init_privs, else acldefault): the baseline GRANT/REVOKE start from.</param>
/// <param name="ReplicaIdentity">relreplident: d, n, f or i.</param>
/// <param name="Parents">Inheritance parents (pg_inherits) in inhseqno order.</param>
/// <param name="OfType">The type of a typed table, formatted.</param>
internal sealed record RelationRecord(
    uint Oid, string Schema, string Name, char Kind, string Owner, string[]? Acl, string[]? InitialAcl, char Persistence,
    string[]? Options, string[]? ToastOptions, bool IsPartition, string? PartitionBound, string? PartitionKey, char ReplicaIdentity,
    bool RowSecurity, bool ForceRowSecurity, double RelTuples, long RelPages, string? ViewDefinition, bool IsPopulated,
    string? AccessMethod, uint RowType, uint RowArrayType, long SizeBytes, uint[] Parents, string? ForeignServer,
    string[]? ForeignOptions, uint ReturnRule, string? OfType, string? Tablespace)
{
    /// <summary>The relation's comment and labels.</summary>
    public Description Description { get; init; } = Description.None(new CatalogKey(CatalogId.PgClass, Oid));

    /// <summary>The names of <see cref="Parents"/>, position by position; null for a parent outside the dump.</summary>
    public IReadOnlyList<QualifiedRelationName?> ParentNames { get; init; } = [];
}
