using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// Views and materialized views (options, check option, access method, WITH NO DATA), a view's two-step form for
/// dependency cycles, their column DEFAULTs and, for a populated materialized view, its post-data REFRESH.
/// </summary>
internal static class ViewEmitter
{
    /// <returns>In order: the view, its DEFAULTs, its REFRESH.</returns>
    public static List<DumpObject> Emit(RelationRecord rel, IReadOnlyList<ColumnRecord> cols, EmitContext context)
    {
        var q = context.Quoting;
        var d = context.Decorations;
        var qn = q.Qualified(rel.Schema, rel.Name);
        var isMat = rel.Kind == 'm';
        var allOptions = rel.Options ?? [];
        var (options, checkOption) = SplitOptions(allOptions);
        var sb = new StringBuilder();
        AppendCreate(sb, rel, qn, checkOption is null ? allOptions : options, checkOption, q, !context.Options.NoTableAccessMethod);
        if (isMat)
        {
            // What CREATE MATERIALIZED VIEW cannot say: per-column statistics, storage, compression and options
            // (as for a table's columns), and the replica identity.
            ColumnEmitter.AppendAlterations(sb, q, rel, qn, cols, !context.Options.NoToastCompression);
            sb.Append(ReplicaIdentityEmitter.Statement(qn, rel.ReplicaIdentity));
        }

        var keyword = isMat ? "MATERIALIZED VIEW" : "VIEW";
        var decorations = new StringBuilder();
        d.Owner(decorations, keyword, qn, rel.Owner);
        RelationParts.AppendDecorations(context, decorations, rel, qn, cols);
        sb.Append(decorations);
        var obj = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgClass, rel.Oid),
            Kind = keyword,
            Schema = rel.Schema,
            Name = rel.Name,
            Owner = rel.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.Table,
            Sql = isMat ? d.InTablespace(rel.Tablespace, sb.ToString()) : sb.ToString(),
            DropSql = d.Drop(keyword, qn),
            Split = isMat ? null : new ViewSplit(
                PlaceholderSql(q, qn, options, cols) + decorations,
                "CREATE OR REPLACE VIEW " + sb.ToString()["CREATE VIEW ".Length..^decorations.Length]),
        };
        RelationParts.AddAliases(obj, rel);
        var blocks = new List<DumpObject> { obj };
        foreach (var c in cols)
        {
            if (c.DefaultExpr is not null)
            {
                blocks.Add(ColumnEmitter.Default(rel, qn, c, context));
            }
        }

        if (isMat && rel.IsPopulated)
        {
            blocks.Add(Refresh(rel, qn, obj));
        }

        return blocks;
    }

    /// <summary>
    /// The server keeps reloptions in the order they were given, and WITH … CHECK OPTION appends check_option
    /// last: a check option stored before another option goes inside WITH (…) so the order comes back as it was.
    /// </summary>
    /// <returns>The options but check_option, and the trailing check_option (null when it is not last or absent).</returns>
    private static (List<string> Options, string? CheckOption) SplitOptions(string[] allOptions)
    {
        var options = allOptions.Where(o => !o.StartsWith("check_option=", StringComparison.Ordinal)).ToList();
        var checkOption = allOptions.Length > 0 && allOptions[^1].StartsWith("check_option=", StringComparison.Ordinal) ? allOptions[^1] : null;
        return (options, checkOption);
    }

    /// <summary>CREATE [MATERIALIZED] VIEW … AS definition [WITH … CHECK OPTION] [WITH NO DATA];</summary>
    /// <param name="withAccessMethod">False under --no-table-access-method: a materialized view takes the target's default.</param>
    private static void AppendCreate(StringBuilder sb, RelationRecord rel, string qn, IReadOnlyCollection<string> createOptions, string? checkOption, Ddl.Quoting q, bool withAccessMethod)
    {
        var isMat = rel.Kind == 'm';
        var definition = (rel.ViewDefinition ?? string.Empty).TrimEnd();
        if (definition.EndsWith(';'))
        {
            definition = definition[..^1];
        }

        sb.Append(isMat ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ").Append(qn);
        if (withAccessMethod && isMat && rel.AccessMethod is not null && rel.AccessMethod != "heap")
        {
            sb.Append(" USING ").Append(q.Ident(rel.AccessMethod));
        }

        if (createOptions.Count > 0)
        {
            sb.Append(" WITH (").Append(q.OptionList(createOptions)).Append(')');
        }

        sb.Append(" AS\n").Append(definition);
        if (checkOption is not null)
        {
            sb.Append("\n  WITH ").Append(checkOption.EndsWith("local", StringComparison.Ordinal) ? "LOCAL" : "CASCADED").Append(" CHECK OPTION");
        }

        sb.Append(isMat ? "\n  WITH NO DATA;\n" : ";\n");
    }

    /// <summary>A populated materialized view's post-data REFRESH.</summary>
    private static DumpObject Refresh(RelationRecord rel, string qn, DumpObject view)
    {
        var refresh = new DumpObject
        {
            Id = new CatalogId(0, rel.Oid),
            Kind = "MATERIALIZED VIEW DATA",
            Schema = rel.Schema,
            Name = rel.Name,
            Owner = rel.Owner,
            Section = DumpSection.PostData,
            Priority = SortPriority.RefreshMaterializedView,
            Sql = "REFRESH MATERIALIZED VIEW " + qn + ";\n",
        };
        refresh.DependsOn.Add(view.Id);
        return refresh;
    }

    /// <summary>
    /// pg_dump's dummy view: the right column names, types and collations, no dependencies on anything else, so it
    /// can be created before the objects of a cycle and replaced by the real definition later.
    /// </summary>
    private static string PlaceholderSql(Ddl.Quoting q, string qn, List<string> options, IReadOnlyList<ColumnRecord> cols)
    {
        var sb = new StringBuilder("CREATE VIEW ").Append(qn);
        if (options.Count > 0)
        {
            sb.Append(" WITH (").Append(q.OptionList(options)).Append(')');
        }

        sb.Append(" AS\n SELECT ");
        for (var i = 0; i < cols.Count; i++)
        {
            var c = cols[i];
            sb.Append(i == 0 ? string.Empty : ",\n    ").Append("NULL::").Append(c.Type);
            if (c.CollationName is not null)
            {
                sb.Append(" COLLATE ").Append(q.Qualified(c.CollationSchema, c.CollationName));
            }

            sb.Append(" AS ").Append(q.Ident(c.Name));
        }

        return sb.Append(";\n").ToString();
    }
}
