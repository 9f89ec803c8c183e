using System.Text;
using PgSnap.Catalog;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>CREATE RULE (the server's definition), its enable state when not plain enabled, and its comment.</summary>
internal static class RuleEmitter
{
    /// <param name="rel">The relation the rule is on.</param>
    public static DumpObject Emit(RuleRecord rule, RelationInfo rel, EmitContext context)
    {
        var q = context.Quoting;
        var def = rule.Definition.TrimEnd();
        var sb = new StringBuilder(def).Append(def.EndsWith(';') ? "\n" : ";\n");
        var state = rule.Enabled switch
        {
            'D' => "DISABLE RULE ",
            'R' => "ENABLE REPLICA RULE ",
            'A' => "ENABLE ALWAYS RULE ",
            _ => null,
        };
        if (state is not null)
        {
            sb.Append("ALTER TABLE ").Append(rel.Qualified).Append(' ').Append(state).Append(q.Ident(rule.Name)).Append(";\n");
        }

        return TableSubObject.Block("RULE", new CatalogId(CatalogId.PgRewrite, rule.Oid), rule.Name, rel, SortPriority.Rule, sb, rule.Description, context);
    }
}
