namespace PgSnap.Model.Objects;

/// <summary>An operator class (pg_opclass) of a dumped schema.</summary>
/// <param name="Type">The indexed type, formatted.</param>
/// <param name="Storage">Its STORAGE type when it has one (opckeytype), formatted.</param>
/// <param name="FamilyOid">Its family, which is created on its own first.</param>
/// <param name="Members">The class's own members (pg_depend 'i' on the class), as member lines.</param>
internal sealed record OperatorClassRecord(
    uint Oid,
    string Schema,
    string Name,
    string Owner,
    string Method,
    string Type,
    bool Default,
    string? Storage,
    string FamilySchema,
    string Family,
    uint FamilyOid,
    IReadOnlyList<string> Members,
    Description Description);
