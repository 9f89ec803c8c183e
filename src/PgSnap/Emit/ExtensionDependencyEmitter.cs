using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// Ends each dumped object marked <c>DEPENDS ON EXTENSION</c> with that statement for each such extension, as
/// pg_dump appends it to the object's entry; the object then waits for the extension, and lists it in
/// <see cref="DumpObject.ExtensionDependencies"/>.
/// </summary>
internal static class ExtensionDependencyEmitter
{
    /// <param name="objects">The blocks emitted so far; an object the dump does not create is left alone.</param>
    public static void Attach(IReadOnlyList<ExtensionDependencyRecord> dependencies, IEnumerable<DumpObject> objects, EmitContext context)
    {
        if (dependencies.Count == 0)
        {
            return;
        }

        // The object that creates the row (not a refresh or privileges-only block that shares its oid).
        var created = new Dictionary<CatalogId, DumpObject>();
        foreach (var o in objects.Where(o => o.Kind is not "ACL" and not "MATERIALIZED VIEW DATA"))
        {
            created.TryAdd(o.Id, o);
        }

        foreach (var x in dependencies)
        {
            if (created.TryGetValue(x.Object, out var obj))
            {
                obj.Sql += Statement(x, context);
                obj.ExtensionDependencies.Add(x.Extension);
                obj.DependsOn.Add(new CatalogId(CatalogId.PgExtension, x.Extension));
            }
        }
    }

    /// <summary>The <c>ALTER … DEPENDS ON EXTENSION</c> statement of one record, with its newline.</summary>
    public static string Statement(ExtensionDependencyRecord x, EmitContext context)
    {
        var q = context.Quoting;
        var target = x.Keyword switch
        {
            "TRIGGER" => q.Ident(x.Name) + " ON " + q.Qualified(x.Schema, x.Table!),
            "FUNCTION" or "PROCEDURE" => q.Qualified(x.Schema, x.Name) + "(" + x.Arguments + ")",
            _ => q.Qualified(x.Schema, x.Name),
        };
        return "ALTER " + x.Keyword + " " + target + " DEPENDS ON EXTENSION " + q.Ident(x.ExtensionName) + ";\n";
    }
}
