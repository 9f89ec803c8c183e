using System.Text;
using PgSnap.Ddl;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// CREATE EVENT TRIGGER, its enabled state when not the default, owner, comment and labels; last of all (pg_dump's
/// priority), so it does not fire while the dump is restored.
/// </summary>
internal static class EventTriggerEmitter
{
    public static DumpObject Emit(EventTriggerRecord e, EmitContext context)
    {
        var q = context.Quoting;
        var qn = q.Ident(e.Name);
        var sb = new StringBuilder("CREATE EVENT TRIGGER ").Append(qn).Append(" ON ").Append(q.Ident(e.Event));
        if (e.Tags is { Length: > 0 })
        {
            sb.Append("\n         WHEN TAG IN (").Append(string.Join(", ", e.Tags.Select(Quoting.Literal))).Append(')');
        }

        sb.Append("\n   EXECUTE FUNCTION ").Append(e.Function).Append("();\n");
        var state = e.Enabled switch { 'D' => " DISABLE", 'R' => " ENABLE REPLICA", 'A' => " ENABLE ALWAYS", _ => null };
        if (state is not null)
        {
            sb.Append("ALTER EVENT TRIGGER ").Append(qn).Append(state).Append(";\n");
        }

        context.Decorations.Owner(sb, "EVENT TRIGGER", qn, e.Owner);
        context.Describe(sb, "EVENT TRIGGER", qn, e.Description);
        var obj = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgEventTrigger, e.Oid),
            Kind = "EVENT TRIGGER",
            Schema = null,
            Name = e.Name,
            Owner = e.Owner,
            Section = DumpSection.PostData,
            Priority = SortPriority.EventTrigger,
            Sql = sb.ToString(),
            DropSql = context.Decorations.Drop("EVENT TRIGGER", qn),
        };
        obj.DependsOn.Add(new CatalogId(CatalogId.PgProc, e.FunctionOid));
        return obj;
    }
}
