using PgSnap.Catalog.Coverage;
using PgSnap.Ddl;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model.Objects;

namespace PgSnap.Tests.Emit;

/// <summary>Emitter contexts and record pieces for server-free emitter tests.</summary>
internal static class EmitContexts
{
    /// <summary>A few words pg_get_keywords() reports as reserved, enough for the quoting the tests exercise.</summary>
    private static readonly string[] ReservedWords = ["select", "table", "user", "order", "group", "from", "to", "as", "default", "int"];

    public static EmitContext For(DumpOptions? options = null) => new(new Quoting(ReservedWords, false), options ?? new DumpOptions());

    public static Description Comment(uint classId, uint objectId, string comment) => new(new CatalogKey(classId, objectId), comment, []);

    public static Description Nothing(uint classId, uint objectId) => Description.None(new CatalogKey(classId, objectId));
}
