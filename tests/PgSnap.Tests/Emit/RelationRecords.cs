using PgSnap.Model.Objects;

namespace PgSnap.Tests.Emit;

/// <summary>Relation and column records with the catalog's defaults, for server-free emitter tests.</summary>
internal static class RelationRecords
{
    public const uint TableOid = 16400;

    /// <summary>A permanent relation of <paramref name="kind"/> owned by postgres, with nothing set.</summary>
    public static RelationRecord Relation(string name = "t", char kind = 'r', string schema = "public", uint oid = TableOid) =>
        new(oid, schema, name, kind, "postgres", null, null, 'p', null, null, false, null, null, 'd', false, false, 0, 0, null, true,
            kind is 'r' or 'm' ? "heap" : null, 0, 0, 0, [], null, null, 0, null, null);

    /// <summary>A local, nullable column of <paramref name="type"/> with its type's storage and no options.</summary>
    public static ColumnRecord Column(string name, string type = "integer", short number = 1, uint relOid = TableOid) =>
        new(relOid, number, name, type, false, '\0', '\0', true, null, null, 'p', 'p', -1, null, null, null, null, 0, '\0', null);
}
