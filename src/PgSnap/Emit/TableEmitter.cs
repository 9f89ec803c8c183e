using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// A table, partitioned table or foreign table: its CREATE with columns, inline check constraints, inheritance,
/// partition key, access method and storage options, then owner, replica identity, forced RLS, privileges and
/// comments; plus the constraints added after the data, its TABLE ATTACH and its column DEFAULT objects.
/// </summary>
internal static class TableEmitter
{
    /// <returns>In order: constraints added after the data, the table, its TABLE ATTACH, its DEFAULTs.</returns>
    public static List<DumpObject> Emit(TableRecord table, EmitContext context)
    {
        var (rel, cols, checks, parentColumns) = table;
        var q = context.Quoting;
        var d = context.Decorations;
        var qn = q.Qualified(rel.Schema, rel.Name);
        var sb = new StringBuilder();
        var isForeign = rel.Kind == 'f';
        var blocks = new List<DumpObject>();
        var obj = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgClass, rel.Oid),
            Kind = isForeign ? "FOREIGN TABLE" : "TABLE",
            Schema = rel.Schema,
            Name = rel.Name,
            Owner = rel.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.Table,
            Sql = string.Empty,
            DropSql = d.Drop(isForeign ? "FOREIGN TABLE" : "TABLE", qn),
        };

        sb.Append("CREATE ").Append(isForeign ? "FOREIGN " : string.Empty).Append(rel.Persistence == 'u' ? "UNLOGGED " : string.Empty)
          .Append("TABLE ").Append(qn);
        if (rel.OfType is not null)
        {
            sb.Append(" OF ").Append(rel.OfType);
        }

        var items = new List<string>();
        foreach (var c in cols)
        {
            if (rel.OfType is not null)
            {
                // A typed table takes its columns from the type; only what the type cannot say is written.
                if (ColumnEmitter.NotNullClause(c, rel.Name, rel.IsPartition, q) is { } typedNotNull)
                {
                    items.Add("    " + q.Ident(c.Name) + " WITH OPTIONS " + typedNotNull);
                }

                continue;
            }

            // Partitions list every column (they are created standalone, then attached); children only their own.
            if (!(c.IsLocal || rel.IsPartition))
            {
                if (c.NotNullConstraint is { IsLocal: true, Validated: true } own)
                {
                    // 18+: the parent brings the column, this table adds its own NOT NULL constraint to it.
                    items.Add("    CONSTRAINT " + q.Ident(own.Name) + " NOT NULL " + q.Ident(c.Name) + (own.NoInherit ? " NO INHERIT" : string.Empty));
                }

                continue;
            }

            items.Add(ColumnLine(c, rel, parentColumns, obj, q));
        }

        foreach (var c in cols)
        {
            if (c.NotNullConstraint is { MadeByAncestorsAfterData: false } nn)
            {
                if (nn.Validated || !nn.IsLocal)
                {
                    obj.Aliases.Add(new CatalogId(CatalogId.PgConstraint, nn.Oid));
                }
                else
                {
                    // 18+: a NOT VALID NOT NULL is added after the data, like a NOT VALID check constraint.
                    var notValid = new CheckConstraintRecord(nn.Oid, rel.Oid, nn.Name, "NOT NULL " + q.Ident(c.Name) + " NOT VALID", false, true) { Description = nn.Description };
                    blocks.Add(CheckConstraintEmitter.Separate(rel, notValid, context));
                }
            }
        }

        foreach (var ch in checks)
        {
            if (ch.Validated && (ch.IsLocal || rel.IsPartition) && !ch.BreaksLoop)
            {
                items.Add("    CONSTRAINT " + q.Ident(ch.Name) + " " + ch.Definition);
                obj.Aliases.Add(new CatalogId(CatalogId.PgConstraint, ch.Oid));
            }
            else if (ch.IsLocal)
            {
                blocks.Add(CheckConstraintEmitter.Separate(rel, ch, context));
            }
        }

        if (items.Count > 0)
        {
            sb.Append(" (\n").Append(string.Join(",\n", items)).Append("\n)");
        }
        else if (rel.OfType is null)
        {
            // A typed table's column list cannot be empty, a plain table's can.
            sb.Append(" (\n)");
        }

        if (rel.Parents.Length > 0 && !rel.IsPartition)
        {
            sb.Append("\nINHERITS (").Append(string.Join(", ", rel.Parents.Select((_, i) => RelationParts.ParentName(context, rel, i)))).Append(')');
            foreach (var p in rel.Parents)
            {
                obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, p));
            }
        }

        if (rel.PartitionKey is not null)
        {
            sb.Append("\nPARTITION BY ").Append(rel.PartitionKey);
        }

        // A partitioned table has an access method only when one was named (17+), heap included: its partitions
        // take it instead of default_table_access_method.
        if (rel.AccessMethod is not null && ((rel.AccessMethod != "heap" && rel.Kind == 'r') || rel.Kind == 'p'))
        {
            sb.Append("\nUSING ").Append(q.Ident(rel.AccessMethod));
        }

        if (isForeign && rel.ForeignServer is not null)
        {
            sb.Append("\nSERVER ").Append(q.Ident(rel.ForeignServer));
            if (rel.ForeignOptions is { Length: > 0 })
            {
                sb.Append("\nOPTIONS (\n    ").Append(q.OptionList(rel.ForeignOptions, " ", joiner: ",\n    ")).Append("\n)");
            }
        }

        var with = new List<string>();
        if (rel.Options is { Length: > 0 })
        {
            with.Add(q.OptionList(rel.Options));
        }

        if (rel.ToastOptions is { Length: > 0 })
        {
            with.Add(q.OptionList(rel.ToastOptions, keyPrefix: "toast."));
        }

        if (with.Count > 0)
        {
            sb.Append("\nWITH (").Append(string.Join(", ", with)).Append(')');
        }

        sb.Append(";\n");
        d.Owner(sb, "TABLE", qn, rel.Owner);
        foreach (var c in cols.Where(c => !c.IsLocal && ColumnInheritance.NeedsDefaultNull(c, parentColumns)))
        {
            // The child's CREATE copied a parent's default into this column, which has none.
            sb.Append("ALTER TABLE ONLY ").Append(qn).Append(" ALTER COLUMN ").Append(q.Ident(c.Name)).Append(" SET DEFAULT NULL;\n");
        }

        ColumnEmitter.AppendAlterations(sb, q, rel, qn, cols);
        if (rel.Kind is 'r' or 'p')
        {
            sb.Append(ReplicaIdentityEmitter.Statement(qn, rel.ReplicaIdentity));
        }

        if (rel.ForceRowSecurity)
        {
            sb.Append("ALTER TABLE ONLY ").Append(qn).Append(" FORCE ROW LEVEL SECURITY;\n");
        }

        RelationParts.AppendDecorations(context, sb, rel, qn, cols);
        TableConstraintComments.Append(context, sb, qn, cols, checks);
        RelationParts.AddAliases(obj, rel);
        obj.Sql = d.InTablespace(rel.Tablespace, sb.ToString());
        blocks.Add(obj);

        if (PartitionAttachEmitter.Emit(rel, context) is { } attach)
        {
            blocks.Add(attach);
        }

        foreach (var c in cols)
        {
            if (c.DefaultExpr is not null && c.Generated == '\0' && c.Identity == '\0')
            {
                blocks.Add(ColumnEmitter.Default(rel, qn, c, context));
            }
        }

        return blocks;
    }

    private static string ColumnLine(ColumnRecord c, RelationRecord rel, IReadOnlyList<ColumnRecord> parentColumns, DumpObject obj, Ddl.Quoting q)
    {
        var line = new StringBuilder("    ").Append(q.Ident(c.Name)).Append(' ').Append(c.Type);
        if (c.FdwOptions is { Length: > 0 })
        {
            line.Append(" OPTIONS (").Append(q.OptionList(c.FdwOptions, " ")).Append(')');
        }

        if (c.CollationName is not null)
        {
            line.Append(" COLLATE ").Append(q.Qualified(c.CollationSchema, c.CollationName));
        }

        if (c.Generated != '\0' && c.DefaultExpr is not null)
        {
            line.Append(ColumnInheritance.GenerationClause(c, parentColumns));
            obj.Aliases.Add(new CatalogId(CatalogId.PgAttrdef, c.DefaultOid));
        }
        else if (ColumnInheritance.NeedsDefaultNull(c, parentColumns))
        {
            line.Append(" DEFAULT NULL");
        }
        else if (c.DefaultExpr is not null && c.Identity == '\0' && ColumnInheritance.ParentDefaultsConflict(c, parentColumns))
        {
            line.Append(" DEFAULT ").Append(c.DefaultExpr);
        }

        if (ColumnEmitter.NotNullClause(c, rel.Name, rel.IsPartition, q) is { } notNull)
        {
            line.Append(' ').Append(notNull);
        }

        return line.ToString();
    }
}
