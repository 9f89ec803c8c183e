using System.Text;
using PgSnap.Ddl;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// ALTER DEFAULT PRIVILEGES statements of one entry. They go last in post-data: applied earlier, they would also
/// grant on the objects the dump itself creates, which the source database never did. Nothing under --no-acl, for
/// an object type this dump does not know, or when the entry changes nothing.
/// </summary>
internal static class DefaultAclEmitter
{
    public static DumpObject? Emit(DefaultAclRecord d, EmitContext context)
    {
        if (context.Options.NoAcl)
        {
            return null;
        }

        var objects = d.ObjectType switch { 'r' => "TABLES", 'S' => "SEQUENCES", 'f' => "FUNCTIONS", 'T' => "TYPES", 'n' => "SCHEMAS", _ => null };
        if (objects is null)
        {
            return null;
        }

        var q = context.Quoting;
        var prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + q.Ident(d.Role) + (d.Schema is null ? string.Empty : " IN SCHEMA " + q.Ident(d.Schema)) + " ";
        var body = AclCommands.Build(q, objects, string.Empty, null, d.Acl, d.BuiltInDefaults);
        if (body.Length == 0)
        {
            return null;
        }

        // AclCommands writes "GRANT x ON TABLES  TO r;": prefix each statement with the ALTER DEFAULT PRIVILEGES clause.
        var sb = new StringBuilder();
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append(prefix).Append(line.Replace(" ON " + objects + "  ", " ON " + objects + " ", StringComparison.Ordinal)).Append('\n');
        }

        return new DumpObject
        {
            Id = new CatalogId(CatalogId.PgDefaultAcl, d.Oid),
            Kind = "DEFAULT ACL",
            Schema = d.Schema,
            Name = "DEFAULT PRIVILEGES FOR " + objects,
            Owner = d.Role,
            Section = DumpSection.PostData,
            Priority = SortPriority.DefaultAcl,
            Sql = sb.ToString(),
        };
    }
}
