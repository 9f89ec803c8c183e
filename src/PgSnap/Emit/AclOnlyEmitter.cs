using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// Turns the privileges of an object the dump does not create into a block of its own, of pg_dump's TOC kind
/// "ACL": the GRANT / REVOKE statements from its baseline (pg_init_privs where it has a row, else the default) to
/// its current ACL, as pg_dump's dumpACL computes them. The block's Id is the object's own catalog row, so the plan
/// accounts for the object; it waits for the object's extension.
/// </summary>
internal static class AclOnlyEmitter
{
    /// <returns>The block, or null when nothing differs (or --no-acl leaves privileges out).</returns>
    public static DumpObject? Emit(AclOnlyObject o, EmitContext context)
    {
        var q = context.Quoting;
        var decorations = context.Decorations;
        var target = (o.Schema is null ? q.Ident(o.Name) : q.Qualified(o.Schema, o.Name)) + (o.Arguments is null ? string.Empty : "(" + o.Arguments + ")");
        var sb = new StringBuilder();

        // As pg_dump: with a pg_init_privs row, a null ACL stands for the default, which may differ from that row.
        var baseline = o.InitialAcl ?? o.DefaultAcl;
        var actual = o.Acl ?? (o.InitialAcl is null ? null : o.DefaultAcl);
        decorations.Acl(sb, o.GrantKind, target, null, actual, baseline, o.Owner);
        foreach (var c in o.Columns)
        {
            decorations.Acl(sb, o.GrantKind, target, q.Ident(c.Name), c.Acl ?? (c.InitialAcl is null ? null : []), c.InitialAcl ?? [], o.Owner);
        }

        if (sb.Length == 0)
        {
            return null;
        }

        var obj = new DumpObject
        {
            Id = o.Id,
            Kind = "ACL",
            Schema = o.Schema,
            Name = o.GrantKind + " " + o.Name + (o.Arguments is null ? string.Empty : "(" + o.Arguments + ")"),
            Owner = o.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.Acl,
            Sql = sb.ToString(),
        };
        if (o.Extension != 0)
        {
            obj.DependsOn.Add(new CatalogId(CatalogId.PgExtension, o.Extension));
        }

        return obj;
    }
}
