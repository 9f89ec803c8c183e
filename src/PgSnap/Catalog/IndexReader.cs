using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Reads the post-data objects that hang off dumped tables: primary key / unique / exclusion constraints,
/// foreign keys, indexes (with ATTACH PARTITION of partition indexes, CLUSTER ON, REPLICA IDENTITY USING INDEX)
/// and statistics objects.
/// </summary>
internal static class IndexReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        var oids = plan.Relations.Keys.ToArray();
        var q = session.Quoting;
        var d = session.Decorations;
        var ifExists = session.Options.IfExists ? "IF EXISTS " : string.Empty;

        var constraints = await session.QueryAsync(
            """
            SELECT co.oid, co.conrelid, co.conname, co.contype::text, pg_catalog.pg_get_constraintdef(co.oid), co.conindid, co.conparentid
            FROM pg_catalog.pg_constraint co
            WHERE co.conrelid = ANY(@oids) AND co.contype IN ('p', 'u', 'x', 'f')
            ORDER BY co.conname
            """,
            r => (Oid: r.Oid(0), Rel: r.Oid(1), Name: r.GetString(2), Type: r.GetString(3)[0], Def: r.GetString(4), Index: r.Oid(5), Parent: r.Oid(6)),
            ct,
            ("oids", oids));
        var constraintByIndex = new Dictionary<uint, DumpObject>();
        var parentOf = constraints.ToDictionary(c => c.Oid, c => c.Parent);
        var byOid = constraints.ToDictionary(c => c.Oid);
        var ownNamed = new List<(uint Clone, uint Ancestor)>();
        foreach (var c in constraints)
        {
            var rel = plan.Relations[c.Rel];
            if (c.Type == 'f' && c.Parent != 0 && byOid.TryGetValue(c.Parent, out var parent) && parent.Rel != c.Rel && parent.Name != c.Name)
            {
                // A partition's foreign key under a name of its own (it was there before the partition was attached,
                // or the parent's name was taken): added first under that name, the parent's ADD FOREIGN KEY takes it
                // over instead of making a copy named after itself.
                for (var p = c.Parent; p != 0; p = parentOf.GetValueOrDefault(p))
                {
                    ownNamed.Add((c.Oid, p));
                }
            }
            else if (c.Type == 'f' && c.Parent != 0)
            {
                // A partition's copy of its parent's foreign key comes with the parent's; only its comment is its own.
                var ancestors = new List<CatalogId>();
                for (var p = c.Parent; p != 0; p = parentOf.GetValueOrDefault(p))
                {
                    ancestors.Add(new CatalogId(CatalogId.PgConstraint, p));
                }

                CloneComments.Add(session, plan, rel, new CatalogId(CatalogId.PgConstraint, c.Oid), c.Name, "CONSTRAINT", q.Ident(c.Name) + " ON " + rel.Qualified, ancestors);
                continue;
            }

            var isFk = c.Type == 'f';
            var only = isFk && rel.Kind == 'p' ? string.Empty : "ONLY ";
            var sb = new StringBuilder();
            sb.Append("ALTER TABLE ").Append(only).Append(rel.Qualified).Append("\n    ADD CONSTRAINT ").Append(q.Ident(c.Name)).Append(' ').Append(c.Def).Append(";\n");
            session.Describe(sb, "CONSTRAINT", q.Ident(c.Name) + " ON " + rel.Qualified, CatalogId.PgConstraint, c.Oid);
            var obj = plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgConstraint, c.Oid),
                Kind = isFk ? "FK CONSTRAINT" : "CONSTRAINT",
                Schema = rel.Schema,
                Name = rel.Name + " " + c.Name,
                Owner = rel.Owner,
                Table = rel.Name,
                Section = DumpSection.PostData,
                Priority = isFk ? SortPriority.FkConstraint : SortPriority.Constraint,
                Sql = sb.ToString(),
                DropSql = "ALTER TABLE " + ifExists + only + rel.Qualified + " DROP CONSTRAINT " + ifExists + q.Ident(c.Name) + ";\n",
            });
            obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, c.Rel));
            if (c.Parent != 0 && byOid.TryGetValue(c.Parent, out var attachedTo))
            {
                // Both tables must exist, and the partition be attached, before the parent's key takes it over.
                obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, attachedTo.Rel));
            }

            if (!isFk && c.Index != 0)
            {
                obj.Aliases.Add(new CatalogId(CatalogId.PgClass, c.Index));
                constraintByIndex[c.Index] = obj;
            }
        }

        // Each ancestor key (written, when it has a name of its own or is the root) waits for the partitions' own keys.
        var written = plan.Objects.Where(o => o.Id.ClassId == CatalogId.PgConstraint).GroupBy(o => o.Id.ObjectId).ToDictionary(g => g.Key, g => g.First());
        foreach (var (clone, ancestor) in ownNamed)
        {
            if (written.TryGetValue(ancestor, out var ancestorObject))
            {
                ancestorObject.DependsOn.Add(new CatalogId(CatalogId.PgConstraint, clone));
            }
        }

        var indexes = await session.QueryAsync(
            """
            SELECT i.indexrelid, i.indrelid, c.relname, pg_catalog.pg_get_indexdef(i.indexrelid), i.indisclustered, i.indisreplident,
                   (SELECT h.inhparent FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid), c.reloptions,
                   (SELECT pg_catalog.array_agg(a.attnum::text || '=' || a.attstattarget::text ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                     WHERE a.attrelid = i.indexrelid AND a.attstattarget > 0),
                   (SELECT sp.spcname FROM pg_catalog.pg_tablespace sp WHERE sp.oid = c.reltablespace)
            FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
            JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
            WHERE i.indrelid = ANY(@oids) AND (i.indisvalid OR t.relkind = 'p')
            ORDER BY c.relname
            """,
            r => (Oid: r.Oid(0), Rel: r.Oid(1), Name: r.GetString(2), Def: r.GetString(3), Clustered: r.GetBoolean(4), ReplIdent: r.GetBoolean(5), Parent: r.Oid(6), Options: r.Arr(7), Stats: r.Arr(8), Tablespace: r.Str(9)),
            ct,
            ("oids", oids));
        var indexNames = indexes.ToDictionary(i => i.Oid, i => q.Qualified(plan.Relations[i.Rel].Schema, i.Name));
        foreach (var ix in indexes)
        {
            var rel = plan.Relations[ix.Rel];
            var qi = indexNames[ix.Oid];
            var extra = new StringBuilder();
            foreach (var stat in ix.Stats ?? [])
            {
                var parts = stat.Split('=');
                extra.Append("ALTER INDEX ").Append(qi).Append(" ALTER COLUMN ").Append(parts[0]).Append(" SET STATISTICS ").Append(parts[1]).Append(";\n");
            }

            if (ix.Clustered)
            {
                extra.Append("ALTER TABLE ").Append(rel.Qualified).Append(" CLUSTER ON ").Append(q.Ident(ix.Name)).Append(";\n");
            }

            if (ix.ReplIdent)
            {
                extra.Append("ALTER TABLE ONLY ").Append(rel.Qualified).Append(" REPLICA IDENTITY USING INDEX ").Append(q.Ident(ix.Name)).Append(";\n");
            }

            DumpObject target;
            if (constraintByIndex.TryGetValue(ix.Oid, out var constraint))
            {
                target = constraint;
                var sb = new StringBuilder().Append(extra);
                session.Describe(sb, "INDEX", qi, CatalogId.PgClass, ix.Oid);
                constraint.Sql = d.InTablespace(ix.Tablespace, constraint.Sql + sb);
            }
            else
            {
                var sb = new StringBuilder(ix.Def).Append(";\n").Append(extra);
                session.Describe(sb, "INDEX", qi, CatalogId.PgClass, ix.Oid);
                target = plan.Add(new DumpObject
                {
                    Id = new CatalogId(CatalogId.PgClass, ix.Oid),
                    Kind = "INDEX",
                    Schema = rel.Schema,
                    Name = ix.Name,
                    Owner = rel.Owner,
                    Table = rel.Name,
                    Section = DumpSection.PostData,
                    Priority = SortPriority.Index,
                    Sql = d.InTablespace(ix.Tablespace, sb.ToString()),
                    DropSql = d.Drop("INDEX", qi),
                });
                target.DependsOn.Add(new CatalogId(CatalogId.PgClass, ix.Rel));
            }

            if (ix.Parent != 0 && indexNames.TryGetValue(ix.Parent, out var parentName))
            {
                var attach = plan.Add(new DumpObject
                {
                    Id = new CatalogId(CatalogId.PgInherits, ix.Oid),
                    Kind = "INDEX ATTACH",
                    Schema = rel.Schema,
                    Name = ix.Name,
                    Owner = null,
                    Section = DumpSection.PostData,
                    Priority = SortPriority.IndexAttach,
                    Sql = "ALTER INDEX " + parentName + " ATTACH PARTITION " + qi + ";\n",
                });
                attach.DependsOn.Add(new CatalogId(CatalogId.PgClass, ix.Oid));
                attach.DependsOn.Add(new CatalogId(CatalogId.PgClass, ix.Parent));
            }
        }

        await ReadStatisticsAsync(session, plan, oids, ct);
    }

    private static async Task ReadStatisticsAsync(CatalogSession session, PlanBuilder plan, uint[] oids, CancellationToken ct)
    {
        var q = session.Quoting;
        var statTarget = session.ServerVersion >= 170000 ? "COALESCE(s.stxstattarget, -1)::int4" : "s.stxstattarget::int4";
        var rows = await session.QueryAsync(
            $"""
            SELECT s.oid, n.nspname, s.stxname, pg_catalog.pg_get_userbyid(s.stxowner), pg_catalog.pg_get_statisticsobjdef(s.oid), {statTarget}, s.stxrelid
            FROM pg_catalog.pg_statistic_ext s JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace
            WHERE s.stxrelid = ANY(@oids)
            """,
            r => (Oid: r.Oid(0), Schema: r.GetString(1), Name: r.GetString(2), Owner: r.GetString(3), Def: r.GetString(4), Target: r.GetInt32(5), Rel: r.Oid(6)),
            ct,
            ("oids", oids));
        foreach (var s in rows)
        {
            var qn = q.Qualified(s.Schema, s.Name);
            var sb = new StringBuilder(s.Def).Append(";\n");
            if (s.Target >= 0)
            {
                sb.Append("ALTER STATISTICS ").Append(qn).Append(" SET STATISTICS ").Append(s.Target.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(";\n");
            }

            session.Decorations.Owner(sb, "STATISTICS", qn, s.Owner);
            session.Describe(sb, "STATISTICS", qn, CatalogId.PgStatisticExt, s.Oid);
            var obj = plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgStatisticExt, s.Oid),
                Kind = "STATISTICS",
                Schema = s.Schema,
                Name = s.Name,
                Owner = s.Owner,
                Section = DumpSection.PostData,
                Priority = SortPriority.StatisticsObject,
                Sql = sb.ToString(),
                DropSql = session.Decorations.Drop("STATISTICS", qn),
            });
            obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, s.Rel));
        }
    }
}
