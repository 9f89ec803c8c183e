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
        var rel = table.Relation;
        var qn = context.Quoting.Qualified(rel.Schema, rel.Name);
        var blocks = new List<DumpObject>();
        var obj = NewTableObject(rel, qn, context.Decorations);
        var sb = new StringBuilder();
        AppendCreateHead(sb, rel, qn);
        var items = ColumnItems(table, obj, context.Quoting);
        AddNotNullConstraints(table, obj, blocks, context);
        items.AddRange(InlineChecks(table, obj, blocks, context));
        AppendColumnList(sb, items, rel);
        AppendInheritance(sb, rel, obj, context);
        AppendStorageClauses(sb, rel, context.Quoting, !context.Options.NoTableAccessMethod);
        sb.Append(";\n");
        AppendAfterCreate(sb, table, qn, context);
        RelationParts.AddAliases(obj, rel);
        obj.Sql = context.Decorations.InTablespace(rel.Tablespace, sb.ToString());
        blocks.Add(obj);

        if (PartitionAttachEmitter.Emit(rel, context) is { } attach)
        {
            blocks.Add(attach);
        }

        foreach (var c in table.Columns)
        {
            if (c.DefaultExpr is not null && c.Generated == '\0' && c.Identity == '\0')
            {
                blocks.Add(ColumnEmitter.Default(rel, qn, c, context));
            }
        }

        return blocks;
    }

    private static DumpObject NewTableObject(RelationRecord rel, string qn, Ddl.Decorations d)
    {
        var keyword = rel.Kind == 'f' ? "FOREIGN TABLE" : "TABLE";
        return new DumpObject
        {
            Id = new CatalogId(CatalogId.PgClass, rel.Oid),
            Kind = keyword,
            Schema = rel.Schema,
            Name = rel.Name,
            Owner = rel.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.Table,
            Sql = string.Empty,
            DropSql = d.Drop(keyword, qn),
        };
    }

    private static void AppendCreateHead(StringBuilder sb, RelationRecord rel, string qn)
    {
        sb.Append("CREATE ").Append(rel.Kind == 'f' ? "FOREIGN " : string.Empty).Append(rel.Persistence == 'u' ? "UNLOGGED " : string.Empty)
          .Append("TABLE ").Append(qn);
        if (rel.OfType is not null)
        {
            sb.Append(" OF ").Append(rel.OfType);
        }
    }

    /// <summary>The column lines of the CREATE (a generated column's default becomes an alias of the table).</summary>
    private static List<string> ColumnItems(TableRecord table, DumpObject obj, Ddl.Quoting q)
    {
        var rel = table.Relation;
        var items = new List<string>();
        foreach (var c in table.Columns)
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

            items.Add(ColumnLine(c, rel, table.ParentColumns, obj, q));
        }

        return items;
    }

    /// <summary>
    /// NOT NULL constraints (18+) the CREATE brings become aliases of the table; a NOT VALID one is a block of its
    /// own added after the data.
    /// </summary>
    private static void AddNotNullConstraints(TableRecord table, DumpObject obj, List<DumpObject> blocks, EmitContext context)
    {
        var rel = table.Relation;
        foreach (var c in table.Columns)
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
                    var notValid = new CheckConstraintRecord(nn.Oid, rel.Oid, nn.Name, "NOT NULL " + context.Quoting.Ident(c.Name) + " NOT VALID", false, true) { Description = nn.Description };
                    blocks.Add(CheckConstraintEmitter.Separate(rel, notValid, context));
                }
            }
        }
    }

    /// <returns>The check constraints written inside the CREATE; the others become blocks of their own.</returns>
    private static List<string> InlineChecks(TableRecord table, DumpObject obj, List<DumpObject> blocks, EmitContext context)
    {
        var rel = table.Relation;
        var items = new List<string>();
        foreach (var ch in table.Checks)
        {
            if (ch.Validated && (ch.IsLocal || rel.IsPartition) && !ch.BreaksLoop)
            {
                items.Add("    CONSTRAINT " + context.Quoting.Ident(ch.Name) + " " + ch.Definition);
                obj.Aliases.Add(new CatalogId(CatalogId.PgConstraint, ch.Oid));
            }
            else if (ch.IsLocal)
            {
                blocks.Add(CheckConstraintEmitter.Separate(rel, ch, context));
            }
        }

        return items;
    }

    private static void AppendColumnList(StringBuilder sb, List<string> items, RelationRecord rel)
    {
        if (items.Count > 0)
        {
            sb.Append(" (\n").Append(string.Join(",\n", items)).Append("\n)");
        }
        else if (rel.OfType is null)
        {
            // A typed table's column list cannot be empty, a plain table's can.
            sb.Append(" (\n)");
        }
    }

    private static void AppendInheritance(StringBuilder sb, RelationRecord rel, DumpObject obj, EmitContext context)
    {
        if (rel.Parents.Length > 0 && !rel.IsPartition)
        {
            sb.Append("\nINHERITS (").Append(string.Join(", ", rel.Parents.Select((_, i) => RelationParts.ParentName(context, rel, i)))).Append(')');
            foreach (var p in rel.Parents)
            {
                obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, p));
            }
        }
    }

    /// <summary>Partition key, access method, foreign server and options, and storage parameters.</summary>
    /// <param name="withAccessMethod">False under --no-table-access-method: the table takes the target's default.</param>
    private static void AppendStorageClauses(StringBuilder sb, RelationRecord rel, Ddl.Quoting q, bool withAccessMethod)
    {
        if (rel.PartitionKey is not null)
        {
            sb.Append("\nPARTITION BY ").Append(rel.PartitionKey);
        }

        // A partitioned table has an access method only when one was named (17+), heap included: its partitions
        // take it instead of default_table_access_method.
        if (withAccessMethod && rel.AccessMethod is not null && ((rel.AccessMethod != "heap" && rel.Kind == 'r') || rel.Kind == 'p'))
        {
            sb.Append("\nUSING ").Append(q.Ident(rel.AccessMethod));
        }

        if (rel.Kind == 'f' && rel.ForeignServer is not null)
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
    }

    /// <summary>What follows the CREATE in the table's block: owner, column changes, replica identity, forced RLS, decorations.</summary>
    private static void AppendAfterCreate(StringBuilder sb, TableRecord table, string qn, EmitContext context)
    {
        var (rel, cols, checks, parentColumns) = table;
        var q = context.Quoting;
        context.Decorations.Owner(sb, "TABLE", qn, rel.Owner);
        foreach (var c in cols.Where(c => !c.IsLocal && ColumnInheritance.NeedsDefaultNull(c, parentColumns)))
        {
            // The child's CREATE copied a parent's default into this column, which has none.
            sb.Append("ALTER TABLE ONLY ").Append(qn).Append(" ALTER COLUMN ").Append(q.Ident(c.Name)).Append(" SET DEFAULT NULL;\n");
        }

        ColumnEmitter.AppendAlterations(sb, q, rel, qn, cols, !context.Options.NoToastCompression);
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
