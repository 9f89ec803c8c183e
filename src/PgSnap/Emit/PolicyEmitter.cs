using System.Text;
using PgSnap.Catalog;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>ENABLE ROW LEVEL SECURITY of a table ("ROW SECURITY") and CREATE POLICY with its comment.</summary>
internal static class PolicyEmitter
{
    /// <param name="rel">The table whose row-level security is enabled.</param>
    public static DumpObject RowSecurity(RelationInfo rel)
    {
        var obj = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgPolicy + 1_000_000u, rel.Oid),
            Kind = "ROW SECURITY",
            Schema = rel.Schema,
            Name = rel.Name,
            Owner = rel.Owner,
            Table = rel.Name,
            Section = DumpSection.PostData,
            Priority = SortPriority.Policy,
            Sql = "ALTER TABLE " + rel.Qualified + " ENABLE ROW LEVEL SECURITY;\n",
        };
        obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Oid));
        return obj;
    }

    /// <param name="rel">The table the policy is on.</param>
    public static DumpObject Emit(PolicyRecord p, RelationInfo rel, EmitContext context)
    {
        var q = context.Quoting;
        var sb = new StringBuilder("CREATE POLICY ").Append(q.Ident(p.Name)).Append(" ON ").Append(rel.Qualified);
        if (!p.Permissive)
        {
            sb.Append(" AS RESTRICTIVE");
        }

        sb.Append(p.Command switch { 'r' => " FOR SELECT", 'a' => " FOR INSERT", 'w' => " FOR UPDATE", 'd' => " FOR DELETE", _ => string.Empty });
        if (p.Roles is not null)
        {
            sb.Append(" TO ").Append(string.Join(", ", p.Roles.Select(q.Ident)));
        }

        if (p.Using is not null)
        {
            sb.Append(" USING (").Append(p.Using).Append(')');
        }

        if (p.Check is not null)
        {
            sb.Append(" WITH CHECK (").Append(p.Check).Append(')');
        }

        sb.Append(";\n");
        return TableSubObject.Block("POLICY", new CatalogId(CatalogId.PgPolicy, p.Oid), p.Name, rel, SortPriority.Policy, sb, p.Description, context);
    }
}
