using System.Text;
using PgSnap.Ddl;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Reads tables, partitioned tables, views, materialized views, foreign tables and sequences with their columns,
/// defaults, inline check constraints, options, ownership, privileges and comments, and writes their pre-data
/// objects (TABLE, TABLE ATTACH, DEFAULT, SEQUENCE, SEQUENCE OWNED BY, VIEW…), the data-section table list and
/// the sequence values.
/// </summary>
internal static class RelationReader
{
    public static async Task ReadAsync(CatalogSession session, ObjectSelection selection, PlanBuilder plan, CancellationToken ct)
    {
        var oids = selection.Relations.Keys.ToArray();
        var v = session.ServerVersion;
        var rels = await session.QueryAsync(
            $"""
            SELECT c.oid, n.nspname, c.relname, c.relkind::text, pg_catalog.pg_get_userbyid(c.relowner),
                   c.relacl::text[], COALESCE(ip.initprivs, pg_catalog.acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))::text[],
                   c.relpersistence::text, c.reloptions, tc.reloptions, c.relispartition,
                   CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,
                   CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
                   c.relreplident::text, c.relrowsecurity, c.relforcerowsecurity, c.reltuples::float8, c.relpages::int8,
                   CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END, c.relispopulated,
                   am.amname, c.reltype, (SELECT t.typarray FROM pg_catalog.pg_type t WHERE t.oid = c.reltype),
                   CASE WHEN c.relkind = 'r' THEN pg_catalog.pg_relation_size(c.oid) ELSE 0 END,
                   (SELECT pg_catalog.array_agg(i.inhparent ORDER BY i.inhseqno) FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid),
                   fs.srvname, ft.ftoptions,
                   (SELECT r.oid FROM pg_catalog.pg_rewrite r WHERE r.ev_class = c.oid AND r.rulename = '_RETURN'),
                   CASE WHEN c.reloftype <> 0 THEN pg_catalog.format_type(c.reloftype, NULL) END
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_class tc ON tc.oid = c.reltoastrelid
            LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
            LEFT JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = c.oid
            LEFT JOIN pg_catalog.pg_foreign_server fs ON fs.oid = ft.ftserver
            LEFT JOIN pg_catalog.pg_init_privs ip ON ip.objoid = c.oid AND ip.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ip.objsubid = 0
            WHERE c.oid = ANY(@oids)
            ORDER BY n.nspname, c.relname
            """,
            r => new RelRow(
                r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3)[0], r.GetString(4), r.Arr(5), r.Arr(6),
                r.GetString(7)[0], r.Arr(8), r.Arr(9), r.Flag(10), r.Str(11), r.Str(12), r.GetString(13)[0], r.Flag(14), r.Flag(15),
                r.GetDouble(16), r.GetInt64(17), r.Str(18), r.Flag(19), r.Str(20), r.Oid(21), r.Oid(22), r.GetInt64(23),
                r.IsDBNull(24) ? [] : r.GetFieldValue<uint[]>(24), r.Str(25), r.Arr(26), r.Oid(27), r.Str(28)),
            ct,
            ("oids", oids));

        var columns = await ReadColumnsAsync(session, oids, ct);
        var checks = await session.QueryAsync(
            """
            SELECT co.oid, co.conrelid, co.conname, pg_catalog.pg_get_constraintdef(co.oid), co.convalidated, co.conislocal
            FROM pg_catalog.pg_constraint co WHERE co.contype = 'c' AND co.conrelid = ANY(@oids) ORDER BY co.conname
            """,
            r => new CheckRow(r.Oid(0), r.Oid(1), r.GetString(2), r.GetString(3), r.GetBoolean(4), r.GetBoolean(5)),
            ct,
            ("oids", oids));
        var sequences = await ReadSequencesAsync(session, oids, ct);

        var q = session.Quoting;
        foreach (var rel in rels)
        {
            plan.Relations[rel.Oid] = new RelationInfo(rel.Oid, rel.Schema, rel.Name, rel.Kind, rel.Owner, q.Qualified(rel.Schema, rel.Name), rel.IsPartition, true);
        }

        var relById = rels.ToDictionary(r => r.Oid);
        foreach (var rel in rels)
        {
            columns.TryGetValue(rel.Oid, out var cols);
            cols ??= [];
            var relChecks = checks.Where(c => c.RelOid == rel.Oid).ToList();
            switch (rel.Kind)
            {
                case 'S':
                    AddSequence(session, plan, rel, sequences[rel.Oid]);
                    break;
                case 'v':
                case 'm':
                    AddView(session, plan, rel, cols);
                    break;
                default:
                    AddTable(session, plan, rel, cols, relChecks, relById);
                    break;
            }

            if (rel.Kind == 'r' && selection.DataTables.Contains(rel.Oid))
            {
                AddTableData(session, plan, rel, cols);
            }
        }

        // Supabase data dumps (and --exclude-schema tricks) can copy rows of tables whose definitions stay out.
        var missing = selection.DataTables.Where(o => !relById.ContainsKey(o)).ToArray();
        if (missing.Length > 0)
        {
            await AddDataOnlyTablesAsync(session, plan, missing, ct);
        }
    }

    private static void AddTable(CatalogSession session, PlanBuilder plan, RelRow rel, List<ColumnRow> cols, List<CheckRow> checks, Dictionary<uint, RelRow> relById)
    {
        var q = session.Quoting;
        var d = session.Decorations;
        var qn = q.Qualified(rel.Schema, rel.Name);
        var sb = new StringBuilder();
        var isForeign = rel.Kind == 'f';
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
            // Partitions list every column (they are created standalone, then attached); children only their own.
            if (!(c.IsLocal || rel.IsPartition) || rel.OfType is not null)
            {
                continue;
            }

            var line = new StringBuilder("    ").Append(q.Ident(c.Name)).Append(' ').Append(c.Type);
            if (c.FdwOptions is { Length: > 0 })
            {
                line.Append(" OPTIONS (").Append(q.OptionList(c.FdwOptions, " ")).Append(')');
            }

            if (c.CollationName is not null)
            {
                line.Append(" COLLATE ").Append(q.Qualified(c.CollationSchema, c.CollationName));
            }

            if (c.Generated == 's' && c.DefaultExpr is not null)
            {
                line.Append(" GENERATED ALWAYS AS (").Append(c.DefaultExpr).Append(") STORED");
                obj.Aliases.Add(new CatalogId(CatalogId.PgAttrdef, c.DefaultOid));
            }

            if (c.NotNull && (c.NotNullIsLocal || rel.IsPartition))
            {
                // 18 names NOT NULL constraints: keep a name that is not the one the server would choose.
                if (c.NotNullName is not null && c.NotNullName != rel.Name + "_" + c.Name + "_not_null")
                {
                    line.Append(" CONSTRAINT ").Append(q.Ident(c.NotNullName));
                }

                line.Append(" NOT NULL");
                if (c.NotNullNoInherit)
                {
                    line.Append(" NO INHERIT");
                }
            }

            items.Add(line.ToString());
        }

        foreach (var ch in checks)
        {
            if (ch.Validated && (ch.IsLocal || rel.IsPartition))
            {
                items.Add("    CONSTRAINT " + q.Ident(ch.Name) + " " + ch.Definition);
                obj.Aliases.Add(new CatalogId(CatalogId.PgConstraint, ch.Oid));
            }
            else if (ch.IsLocal)
            {
                AddSeparateCheck(session, plan, rel, ch);
            }
        }

        sb.Append(" (\n").Append(string.Join(",\n", items)).Append(items.Count > 0 ? "\n)" : ")");
        if (rel.Parents.Length > 0 && !rel.IsPartition)
        {
            sb.Append("\nINHERITS (").Append(string.Join(", ", rel.Parents.Select(p => ParentName(q, relById, p)))).Append(')');
            foreach (var p in rel.Parents)
            {
                obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, p));
            }
        }

        if (rel.PartitionKey is not null)
        {
            sb.Append("\nPARTITION BY ").Append(rel.PartitionKey);
        }

        if (rel.AccessMethod is not null && rel.AccessMethod != "heap" && rel.Kind == 'r')
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
        AppendColumnAlterations(session, sb, rel, qn, cols, relById);
        if (rel.ReplicaIdentity is 'f' or 'n' && rel.Kind is 'r' or 'p')
        {
            sb.Append("ALTER TABLE ONLY ").Append(qn).Append(" REPLICA IDENTITY ").Append(rel.ReplicaIdentity == 'f' ? "FULL" : "NOTHING").Append(";\n");
        }

        if (rel.ForceRowSecurity)
        {
            sb.Append("ALTER TABLE ONLY ").Append(qn).Append(" FORCE ROW LEVEL SECURITY;\n");
        }

        AppendTableDecorations(session, sb, rel, qn, cols);
        AddAliases(obj, rel);
        plan.Add(obj with { Sql = sb.ToString() });

        if (rel.IsPartition && rel.Parents.Length == 1 && rel.PartitionBound is not null)
        {
            var attach = plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgInherits, rel.Oid),
                Kind = "TABLE ATTACH",
                Schema = rel.Schema,
                Name = rel.Name,
                Owner = rel.Owner,
                Section = DumpSection.PreData,
                Priority = SortPriority.TableAttach,
                Sql = "ALTER TABLE ONLY " + ParentName(q, relById, rel.Parents[0]) + " ATTACH PARTITION " + qn + " " + rel.PartitionBound + ";\n",
            });
            attach.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Oid));
            attach.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Parents[0]));
        }

        foreach (var c in cols)
        {
            if (c.DefaultExpr is not null && c.Generated != 's' && c.Identity == '\0')
            {
                AddDefault(session, plan, rel, qn, c);
            }
        }
    }

    private static void AppendColumnAlterations(CatalogSession session, StringBuilder sb, RelRow rel, string qn, List<ColumnRow> cols, Dictionary<uint, RelRow> relById)
    {
        var q = session.Quoting;
        foreach (var c in cols)
        {
            var col = q.Ident(c.Name);
            if (!c.IsLocal && !rel.IsPartition && c.NotNull && c.NotNullIsLocal)
            {
                // An inherited column that is NOT NULL only here: the parent's definition does not carry it.
                sb.Append("ALTER TABLE ONLY ").Append(qn).Append(" ALTER COLUMN ").Append(col).Append(" SET NOT NULL;\n");
            }

            if (c.StatTarget >= 0)
            {
                sb.Append("ALTER TABLE ONLY ").Append(qn).Append(" ALTER COLUMN ").Append(col).Append(" SET STATISTICS ")
                  .Append(c.StatTarget.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(";\n");
            }

            if (c.Storage != c.TypeStorage)
            {
                var storage = c.Storage switch { 'p' => "PLAIN", 'e' => "EXTERNAL", 'm' => "MAIN", _ => "EXTENDED" };
                sb.Append("ALTER TABLE ONLY ").Append(qn).Append(" ALTER COLUMN ").Append(col).Append(" SET STORAGE ").Append(storage).Append(";\n");
            }

            if (c.Compression is 'p' or 'l')
            {
                sb.Append("ALTER TABLE ONLY ").Append(qn).Append(" ALTER COLUMN ").Append(col).Append(" SET COMPRESSION ")
                  .Append(c.Compression == 'p' ? "pglz" : "lz4").Append(";\n");
            }

            if (c.Options is { Length: > 0 })
            {
                sb.Append("ALTER TABLE ONLY ").Append(qn).Append(" ALTER COLUMN ").Append(col).Append(" SET (")
                  .Append(string.Join(", ", c.Options)).Append(");\n");
            }
        }

        _ = relById;
    }

    private static void AppendTableDecorations(CatalogSession session, StringBuilder sb, RelRow rel, string qn, List<ColumnRow> cols)
    {
        var d = session.Decorations;
        var q = session.Quoting;
        d.Acl(sb, "TABLE", qn, null, rel.Acl, rel.InitialAcl);
        session.Describe(sb, rel.Kind switch { 'v' => "VIEW", 'm' => "MATERIALIZED VIEW", 'f' => "FOREIGN TABLE", _ => "TABLE" }, qn, CatalogId.PgClass, rel.Oid);
        foreach (var c in cols)
        {
            session.Describe(sb, "COLUMN", qn + "." + q.Ident(c.Name), CatalogId.PgClass, rel.Oid, c.Number);
            d.Acl(sb, "TABLE", qn, q.Ident(c.Name), c.Acl, null);
        }
    }

    private static void AddAliases(DumpObject obj, RelRow rel)
    {
        if (rel.RowType != 0)
        {
            obj.Aliases.Add(new CatalogId(CatalogId.PgType, rel.RowType));
        }

        if (rel.RowArrayType != 0)
        {
            obj.Aliases.Add(new CatalogId(CatalogId.PgType, rel.RowArrayType));
        }

        if (rel.ReturnRule != 0)
        {
            obj.Aliases.Add(new CatalogId(CatalogId.PgRewrite, rel.ReturnRule));
        }
    }

    private static string ParentName(Quoting q, Dictionary<uint, RelRow> relById, uint parent) =>
        relById.TryGetValue(parent, out var p) ? q.Qualified(p.Schema, p.Name) : "pg_catalog.regclass_out_of_dump_" + parent.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void AddDefault(CatalogSession session, PlanBuilder plan, RelRow rel, string qn, ColumnRow c)
    {
        var col = session.Quoting.Ident(c.Name);
        var keyword = rel.Kind == 'v' ? "VIEW" : "TABLE";
        var obj = plan.Add(new DumpObject
        {
            Id = new CatalogId(CatalogId.PgAttrdef, c.DefaultOid),
            Kind = "DEFAULT",
            Schema = rel.Schema,
            Name = rel.Name + " " + c.Name,
            Owner = rel.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.AttributeDefault,
            Sql = "ALTER " + keyword + (rel.Kind == 'v' ? " " : " ONLY ") + qn + " ALTER COLUMN " + col + " SET DEFAULT " + c.DefaultExpr + ";\n",
            DropSql = "ALTER " + keyword + (session.Options.IfExists ? " IF EXISTS" : string.Empty) + " " + qn + " ALTER COLUMN " + col + " DROP DEFAULT;\n",
        });
        obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Oid));
    }

    private static void AddSeparateCheck(CatalogSession session, PlanBuilder plan, RelRow rel, CheckRow ch)
    {
        var q = session.Quoting;
        var qn = q.Qualified(rel.Schema, rel.Name);
        var sb = new StringBuilder();
        sb.Append("ALTER ").Append(rel.Kind == 'f' ? "FOREIGN TABLE" : "TABLE").Append(' ').Append(qn)
          .Append("\n    ADD CONSTRAINT ").Append(q.Ident(ch.Name)).Append(' ').Append(ch.Definition).Append(";\n");
        session.Describe(sb, "CONSTRAINT", q.Ident(ch.Name) + " ON " + qn, CatalogId.PgConstraint, ch.Oid);
        var obj = plan.Add(new DumpObject
        {
            Id = new CatalogId(CatalogId.PgConstraint, ch.Oid),
            Kind = "CHECK CONSTRAINT",
            Schema = rel.Schema,
            Name = rel.Name + " " + ch.Name,
            Owner = rel.Owner,
            Section = DumpSection.PostData,
            Priority = SortPriority.Constraint,
            Sql = sb.ToString(),
            DropSql = "ALTER TABLE " + (session.Options.IfExists ? "IF EXISTS " : string.Empty) + qn + " DROP CONSTRAINT " + (session.Options.IfExists ? "IF EXISTS " : string.Empty) + q.Ident(ch.Name) + ";\n",
        });
        obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Oid));
    }

    private static void AddView(CatalogSession session, PlanBuilder plan, RelRow rel, List<ColumnRow> cols)
    {
        var q = session.Quoting;
        var d = session.Decorations;
        var qn = q.Qualified(rel.Schema, rel.Name);
        var isMat = rel.Kind == 'm';
        var definition = (rel.ViewDefinition ?? string.Empty).TrimEnd();
        if (definition.EndsWith(';'))
        {
            definition = definition[..^1];
        }

        var options = (rel.Options ?? []).Where(o => !o.StartsWith("check_option=", StringComparison.Ordinal)).ToList();
        var checkOption = (rel.Options ?? []).FirstOrDefault(o => o.StartsWith("check_option=", StringComparison.Ordinal));
        var sb = new StringBuilder();
        sb.Append(isMat ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ").Append(qn);
        if (isMat && rel.AccessMethod is not null && rel.AccessMethod != "heap")
        {
            sb.Append(" USING ").Append(q.Ident(rel.AccessMethod));
        }

        if (options.Count > 0)
        {
            sb.Append(" WITH (").Append(q.OptionList(options)).Append(')');
        }

        sb.Append(" AS\n").Append(definition);
        if (checkOption is not null)
        {
            sb.Append("\n  WITH ").Append(checkOption.EndsWith("local", StringComparison.Ordinal) ? "LOCAL" : "CASCADED").Append(" CHECK OPTION");
        }

        sb.Append(isMat ? "\n  WITH NO DATA;\n" : ";\n");
        var keyword = isMat ? "MATERIALIZED VIEW" : "VIEW";
        d.Owner(sb, isMat ? "MATERIALIZED VIEW" : "VIEW", qn, rel.Owner);
        AppendTableDecorations(session, sb, rel, qn, cols);
        var obj = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgClass, rel.Oid),
            Kind = keyword,
            Schema = rel.Schema,
            Name = rel.Name,
            Owner = rel.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.Table,
            Sql = sb.ToString(),
            DropSql = d.Drop(keyword, qn),
        };
        AddAliases(obj, rel);
        plan.Add(obj);
        foreach (var c in cols)
        {
            if (c.DefaultExpr is not null)
            {
                AddDefault(session, plan, rel, qn, c);
            }
        }

        if (isMat && rel.IsPopulated)
        {
            var refresh = plan.Add(new DumpObject
            {
                Id = new CatalogId(0, rel.Oid),
                Kind = "MATERIALIZED VIEW DATA",
                Schema = rel.Schema,
                Name = rel.Name,
                Owner = rel.Owner,
                Section = DumpSection.PostData,
                Priority = SortPriority.RefreshMaterializedView,
                Sql = "REFRESH MATERIALIZED VIEW " + qn + ";\n",
            });
            refresh.DependsOn.Add(obj.Id);
        }
    }

    private static void AddSequence(CatalogSession session, PlanBuilder plan, RelRow rel, SequenceRow seq)
    {
        var q = session.Quoting;
        var d = session.Decorations;
        var qn = q.Qualified(rel.Schema, rel.Name);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var (typeMin, typeMax) = seq.Type switch
        {
            "smallint" => (short.MinValue, (long)short.MaxValue),
            "integer" => (int.MinValue, int.MaxValue),
            _ => (long.MinValue, long.MaxValue),
        };
        var body = new StringBuilder();
        if (seq.Type != "bigint" && seq.OwnerIdentity is null)
        {
            body.Append("    AS ").Append(seq.Type).Append('\n');
        }

        body.Append("    START WITH ").Append(seq.Start.ToString(inv)).Append('\n');
        body.Append("    INCREMENT BY ").Append(seq.Increment.ToString(inv)).Append('\n');
        var defaultMin = seq.Increment > 0 ? 1 : typeMin;
        var defaultMax = seq.Increment > 0 ? typeMax : -1;
        body.Append(seq.Min == defaultMin ? "    NO MINVALUE\n" : "    MINVALUE " + seq.Min.ToString(inv) + "\n");
        body.Append(seq.Max == defaultMax ? "    NO MAXVALUE\n" : "    MAXVALUE " + seq.Max.ToString(inv) + "\n");
        body.Append("    CACHE ").Append(seq.Cache.ToString(inv));
        if (seq.Cycle)
        {
            body.Append("\n    CYCLE");
        }

        var sb = new StringBuilder();
        var obj = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgClass, rel.Oid),
            Kind = "SEQUENCE",
            Schema = rel.Schema,
            Name = rel.Name,
            Owner = rel.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.Table,
            Sql = string.Empty,
            DropSql = seq.OwnerIdentity is null ? d.Drop("SEQUENCE", qn) : null,
        };
        if (seq.OwnerIdentity is { } identity && plan.Relations.TryGetValue(identity.TableOid, out var table))
        {
            // Identity sequences are created by the column itself, named and tuned like the original.
            sb.Append("ALTER TABLE ").Append(table.Qualified).Append(" ALTER COLUMN ").Append(q.Ident(identity.Column))
              .Append(" ADD GENERATED ").Append(identity.Kind == 'a' ? "ALWAYS" : "BY DEFAULT").Append(" AS IDENTITY (\n    SEQUENCE NAME ")
              .Append(qn).Append('\n');
            if (seq.Type != "bigint")
            {
                // The identity column's type fixes the sequence type already.
            }

            sb.Append(body).Append("\n);\n");
            if (rel.Persistence == 'u' && session.ServerVersion >= 150000)
            {
                sb.Append("ALTER SEQUENCE ").Append(qn).Append(" SET UNLOGGED;\n");
            }

            obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, identity.TableOid));
        }
        else
        {
            sb.Append("CREATE ").Append(rel.Persistence == 'u' ? "UNLOGGED " : string.Empty).Append("SEQUENCE ").Append(qn).Append('\n').Append(body).Append(";\n");
        }

        d.Owner(sb, "SEQUENCE", qn, rel.Owner);
        d.Acl(sb, "SEQUENCE", qn, null, rel.Acl, rel.InitialAcl);
        session.Describe(sb, "SEQUENCE", qn, CatalogId.PgClass, rel.Oid);
        plan.Add(obj with { Sql = sb.ToString() });

        if (seq.OwnedBy is { } owned && plan.Relations.TryGetValue(owned.TableOid, out var ownerTable))
        {
            var ownedBy = plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgClass + 1_000_000u, rel.Oid),
                Kind = "SEQUENCE OWNED BY",
                Schema = rel.Schema,
                Name = rel.Name,
                Owner = rel.Owner,
                Section = DumpSection.PreData,
                Priority = SortPriority.Table,
                Sql = "ALTER SEQUENCE " + qn + " OWNED BY " + ownerTable.Qualified + "." + q.Ident(owned.Column) + ";\n",
            });
            ownedBy.DependsOn.Add(obj.Id);
            ownedBy.DependsOn.Add(new CatalogId(CatalogId.PgClass, owned.TableOid));
        }

        plan.SequenceValues.Add(new DdlEntry(
            DumpSection.Data,
            "SEQUENCE SET",
            rel.Schema,
            rel.Name,
            rel.Owner,
            "SELECT pg_catalog.setval(" + Quoting.Literal(qn) + ", " + seq.LastValue.ToString(inv) + ", " + (seq.IsCalled ? "true" : "false") + ");\n"));
    }

    private static void AddTableData(CatalogSession session, PlanBuilder plan, RelRow rel, List<ColumnRow> cols)
    {
        var q = session.Quoting;
        var columnList = string.Join(", ", cols.Where(c => c.Generated == '\0').Select(c => q.Ident(c.Name)));
        plan.TableData.Add(new TableDataEntry(
            rel.Schema,
            rel.Name,
            rel.Owner,
            q.Qualified(rel.Schema, rel.Name),
            columnList,
            rel.Oid,
            rel.RelTuples < 0 ? -1 : (long)rel.RelTuples,
            rel.RelPages,
            rel.SizeBytes,
            CanSplitByCtid: rel.Kind == 'r'));
    }

    private static async Task AddDataOnlyTablesAsync(CatalogSession session, PlanBuilder plan, uint[] oids, CancellationToken ct)
    {
        var rows = await session.QueryAsync(
            """
            SELECT c.oid, n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner), c.reltuples::float8, c.relpages::int8,
                   pg_catalog.pg_relation_size(c.oid),
                   (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '')
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = ANY(@oids) ORDER BY n.nspname, c.relname
            """,
            r => (Oid: r.Oid(0), Schema: r.GetString(1), Name: r.GetString(2), Owner: r.GetString(3), Tuples: r.GetDouble(4), Pages: r.GetInt64(5), Size: r.GetInt64(6), Columns: r.Str(7) ?? string.Empty),
            ct,
            ("oids", oids));
        var q = session.Quoting;
        foreach (var r in rows)
        {
            var columns = session.Options.QuoteAllIdentifiers ? r.Columns : r.Columns;
            plan.TableData.Add(new TableDataEntry(r.Schema, r.Name, r.Owner, q.Qualified(r.Schema, r.Name), columns, r.Oid, r.Tuples < 0 ? -1 : (long)r.Tuples, r.Pages, r.Size, true));
        }
    }

    private static async Task<Dictionary<uint, List<ColumnRow>>> ReadColumnsAsync(CatalogSession session, uint[] oids, CancellationToken ct)
    {
        var v = session.ServerVersion;
        var compression = v >= 140000 ? "a.attcompression::text" : "''";
        var statTarget = v >= 170000 ? "COALESCE(a.attstattarget, -1)::int4" : "a.attstattarget::int4";

        // From 18 a NOT NULL is a named pg_constraint row that may be inherited or local on its own (pg_dump 18's
        // determineNotNullFlags); before 18 it is only attnotnull, local wherever the column is.
        var notNull = v >= 180000
            ? "nn.conname, COALESCE(nn.conislocal, true), COALESCE(nn.connoinherit, false)"
            : "NULL::pg_catalog.name, true, false";
        var notNullJoin = v >= 180000
            ? "LEFT JOIN pg_catalog.pg_constraint nn ON nn.conrelid = a.attrelid AND nn.contype = 'n' AND nn.conkey[1] = a.attnum"
            : string.Empty;
        var rows = await session.QueryAsync(
            $"""
            SELECT a.attrelid, a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   a.attidentity::text, a.attgenerated::text, a.attislocal,
                   CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, cn.nspname,
                   a.attstorage::text, t.typstorage::text, {statTarget}, a.attoptions, a.attfdwoptions, a.attacl::text[],
                   pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), ad.oid, {compression}, {notNull}
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
            LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
            LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
            {notNullJoin}
            WHERE a.attrelid = ANY(@oids) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attrelid, a.attnum
            """,
            r => new ColumnRow(
                r.Oid(0), r.GetInt16(1), r.GetString(2), r.GetString(3), r.GetBoolean(4), FirstChar(r.GetString(5)), FirstChar(r.GetString(6)),
                r.GetBoolean(7), r.Str(8), r.Str(9), r.GetString(10)[0], r.GetString(11)[0], r.GetInt32(12), r.Arr(13), r.Arr(14), r.Arr(15),
                r.Str(16), r.Oid(17), FirstChar(r.Str(18) ?? string.Empty), r.Str(19), r.GetBoolean(20), r.GetBoolean(21)),
            ct,
            ("oids", oids));
        return rows.GroupBy(c => c.RelOid).ToDictionary(g => g.Key, g => g.ToList());
    }

    private static async Task<Dictionary<uint, SequenceRow>> ReadSequencesAsync(CatalogSession session, uint[] oids, CancellationToken ct)
    {
        var rows = await session.QueryAsync(
            """
            SELECT s.seqrelid, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle,
                   d.refobjid, a.attname, d.deptype::text, a.attidentity::text, n.nspname, c.relname
            FROM pg_catalog.pg_sequence s
            JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = s.seqrelid
                 AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')
            LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE s.seqrelid = ANY(@oids)
            """,
            r =>
            {
                var owned = r.IsDBNull(8) ? null : new SequenceOwner(r.Oid(8), r.GetString(9), FirstChar(r.GetString(11)));
                var isIdentity = !r.IsDBNull(10) && r.GetString(10) == "i";
                return new SequenceRow(
                    r.Oid(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetBoolean(7),
                    isIdentity ? null : owned, isIdentity ? owned : null, 0, false, r.GetString(12), r.GetString(13));
            },
            ct,
            ("oids", oids));

        // Values in one round trip per batch: pg_dump reads each sequence with its own SELECT.
        var result = new Dictionary<uint, SequenceRow>();
        var q = session.Quoting;
        foreach (var chunk in rows.Chunk(200))
        {
            var sql = string.Join(
                "\nUNION ALL ",
                chunk.Select((s, i) => $"SELECT {i.ToString(System.Globalization.CultureInfo.InvariantCulture)}, last_value, is_called FROM {q.Qualified(s.Schema, s.Name)}"));
            var values = await session.QueryAsync(sql, r => (Index: r.GetInt32(0), Last: r.GetInt64(1), Called: r.GetBoolean(2)), ct);
            foreach (var (index, last, called) in values)
            {
                var s = chunk[index];
                result[s.Oid] = s with { LastValue = last, IsCalled = called };
            }
        }

        return result;
    }

    private static char FirstChar(string s) => s.Length == 0 ? '\0' : s[0];

    private sealed record RelRow(
        uint Oid, string Schema, string Name, char Kind, string Owner, string[]? Acl, string[]? InitialAcl, char Persistence,
        string[]? Options, string[]? ToastOptions, bool IsPartition, string? PartitionBound, string? PartitionKey, char ReplicaIdentity,
        bool RowSecurity, bool ForceRowSecurity, double RelTuples, long RelPages, string? ViewDefinition, bool IsPopulated,
        string? AccessMethod, uint RowType, uint RowArrayType, long SizeBytes, uint[] Parents, string? ForeignServer,
        string[]? ForeignOptions, uint ReturnRule, string? OfType);

    private sealed record ColumnRow(
        uint RelOid, short Number, string Name, string Type, bool NotNull, char Identity, char Generated, bool IsLocal,
        string? CollationName, string? CollationSchema, char Storage, char TypeStorage, int StatTarget, string[]? Options,
        string[]? FdwOptions, string[]? Acl, string? DefaultExpr, uint DefaultOid, char Compression,
        string? NotNullName, bool NotNullIsLocal, bool NotNullNoInherit);

    private sealed record CheckRow(uint Oid, uint RelOid, string Name, string Definition, bool Validated, bool IsLocal);

    private sealed record SequenceOwner(uint TableOid, string Column, char Kind);

    private sealed record SequenceRow(
        uint Oid, string Type, long Start, long Increment, long Max, long Min, long Cache, bool Cycle,
        SequenceOwner? OwnedBy, SequenceOwner? OwnerIdentity, long LastValue, bool IsCalled, string Schema, string Name);
}
