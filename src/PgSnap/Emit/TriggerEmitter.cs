using System.Text;
using PgSnap.Catalog;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// CREATE TRIGGER with its enable state and comment; and for a partition's clone of a parent's trigger only what is
/// its own: its state when it differs from the parent trigger's (as pg_dump does), its comment and labels.
/// </summary>
internal static class TriggerEmitter
{
    public static DumpObject Emit(TriggerRecord t, EmitContext context)
    {
        var q = context.Quoting;
        var qt = q.Qualified(t.Schema, t.Table);
        var sb = new StringBuilder(t.Definition).Append(";\n");
        var alter = t.RelKind == 'v' ? "VIEW" : t.RelKind == 'f' ? "FOREIGN TABLE" : "TABLE";
        sb.Append(TriggerStateEmitter.Statement(alter, qt, q.Ident(t.Name), t.Enabled));
        context.Describe(sb, "TRIGGER", q.Ident(t.Name) + " ON " + qt, t.Description);
        var obj = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgTrigger, t.Oid),
            Kind = "TRIGGER",
            Schema = t.Schema,
            Name = t.Table + " " + t.Name,
            Owner = t.Owner,
            Table = t.Table,
            Section = DumpSection.PostData,
            Priority = SortPriority.Trigger,
            Sql = sb.ToString(),
            DropSql = "DROP TRIGGER " + (context.Options.IfExists ? "IF EXISTS " : string.Empty) + q.Ident(t.Name) + " ON " + qt + ";\n",
        };
        obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, t.RelOid));
        obj.DependsOn.Add(new CatalogId(CatalogId.PgProc, t.FunctionOid));
        return obj;
    }

    /// <param name="rel">The partition the clone is on.</param>
    /// <returns>The clone's block, or null when it has nothing of its own.</returns>
    public static DumpObject? EmitClone(PartitionTriggerRecord t, RelationInfo rel, EmitContext context)
    {
        var q = context.Quoting;
        var sb = new StringBuilder();
        if (t.Enabled != t.ParentEnabled)
        {
            sb.Append(TriggerStateEmitter.Statement(rel.AlterKeyword, rel.Qualified, q.Ident(t.Name), t.Enabled, evenWhenEnabled: true));
        }

        context.Describe(sb, "TRIGGER", q.Ident(t.Name) + " ON " + rel.Qualified, t.Description);
        if (sb.Length == 0)
        {
            return null;
        }

        var obj = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgTrigger, t.Oid),
            Kind = "TRIGGER",
            Schema = rel.Schema,
            Name = rel.Name + " " + t.Name,
            Owner = rel.Owner,
            Table = rel.Name,
            Section = DumpSection.PostData,
            Priority = SortPriority.Trigger,
            Sql = sb.ToString(),
        };
        obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, t.RelOid));
        obj.DependsOn.AddRange(t.Ancestors.Select(a => new CatalogId(CatalogId.PgTrigger, a)));
        return obj;
    }
}
