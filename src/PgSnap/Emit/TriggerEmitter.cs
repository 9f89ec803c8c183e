using System.Text;
using PgSnap.Catalog;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// CREATE TRIGGER with its enable state and comment; and for a partition's clone of a parent's trigger only what is
/// its own: its state when it differs from the parent trigger's (as pg_dump does), its comment and labels. Both are
/// blocks named on their table, built as rules' and policies' are (<see cref="TableSubObject"/>).
/// </summary>
internal static class TriggerEmitter
{
    public static DumpObject Emit(TriggerRecord t, EmitContext context)
    {
        var table = TableOf(t, context);
        var sb = new StringBuilder(t.Definition).Append(";\n");
        sb.Append(TriggerStateEmitter.Statement(table.AlterKeyword, table.Qualified, context.Quoting.Ident(t.Name), t.Enabled));
        var obj = TableSubObject.Block("TRIGGER", new CatalogId(CatalogId.PgTrigger, t.Oid), t.Name, table, SortPriority.Trigger, sb, t.Description, context);
        obj.DependsOn.Add(new CatalogId(CatalogId.PgProc, t.FunctionOid));
        return obj;
    }

    /// <param name="rel">The partition the clone is on.</param>
    /// <returns>The clone's block, or null when it has nothing of its own.</returns>
    public static DumpObject? EmitClone(PartitionTriggerRecord t, RelationInfo rel, EmitContext context)
    {
        var sb = new StringBuilder();
        if (t.Enabled != t.ParentEnabled)
        {
            sb.Append(TriggerStateEmitter.Statement(rel.AlterKeyword, rel.Qualified, context.Quoting.Ident(t.Name), t.Enabled, evenWhenEnabled: true));
        }

        // The clone goes with its parent's trigger: no DROP of its own.
        var obj = TableSubObject.Block("TRIGGER", new CatalogId(CatalogId.PgTrigger, t.Oid), t.Name, rel, SortPriority.Trigger, sb, t.Description, context, droppable: false);
        if (obj.Sql.Length == 0)
        {
            return null;
        }

        obj.DependsOn.AddRange(t.Ancestors.Select(a => new CatalogId(CatalogId.PgTrigger, a)));
        return obj;
    }

    /// <summary>
    /// The table the trigger is on, from the trigger's own record: with the Supabase profile it may be a platform
    /// table (auth.users) whose definition is not dumped, so it need not be among the dumped relations.
    /// </summary>
    private static RelationInfo TableOf(TriggerRecord t, EmitContext context) =>
        new(t.RelOid, t.Schema, t.Table, t.RelKind, t.Owner, context.Quoting.Qualified(t.Schema, t.Table), IsPartition: false, DefinitionDumped: false);
}
