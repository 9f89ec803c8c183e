namespace PgSnap.Catalog;

/// <summary>What later readers need to know about a dumped relation.</summary>
internal sealed record RelationInfo(
    uint Oid,
    string Schema,
    string Name,
    char Kind,
    string? Owner,
    string Qualified,
    bool IsPartition,
    bool DefinitionDumped)
{
    /// <summary>ALTER's keyword for this relation kind.</summary>
    public string AlterKeyword => Kind switch
    {
        'v' => "VIEW",
        'm' => "MATERIALIZED VIEW",
        'f' => "FOREIGN TABLE",
        'S' => "SEQUENCE",
        _ => "TABLE",
    };
}
