using System.Text;
using PgSnap.Catalog;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// Key constraints, foreign keys, indexes (with ATTACH PARTITION of partition indexes, CLUSTER ON, REPLICA IDENTITY
/// USING INDEX, per-column statistics) and statistics objects, as post-data blocks. An index that belongs to a
/// constraint is written inside the constraint's block.
/// </summary>
internal static class IndexEmitter
{
    /// <param name="relations">The dumped relations the records hang off.</param>
    /// <returns>The blocks in order: constraints (and clones' comments), indexes and their attachments, statistics.</returns>
    public static List<DumpObject> Emit(IndexSet set, IReadOnlyDictionary<uint, RelationInfo> relations, EmitContext context)
    {
        var blocks = new List<DumpObject>();
        var constraintByIndex = EmitConstraints(set.Constraints, relations, context, blocks);
        EmitIndexes(set.Indexes, relations, constraintByIndex, context, blocks);
        blocks.AddRange(set.Statistics.Select(s => Statistics(s, context)));
        return blocks;
    }

    private static Dictionary<uint, DumpObject> EmitConstraints(IReadOnlyList<KeyConstraintRecord> constraints, IReadOnlyDictionary<uint, RelationInfo> relations, EmitContext context, List<DumpObject> blocks)
    {
        var constraintByIndex = new Dictionary<uint, DumpObject>();
        var parentOf = constraints.ToDictionary(c => c.Oid, c => c.ParentOid);
        var byOid = constraints.ToDictionary(c => c.Oid);
        var ownNamed = new List<(uint Clone, uint Ancestor)>();
        foreach (var c in constraints)
        {
            var rel = relations[c.RelOid];
            if (c.Type == 'f' && c.ParentOid != 0 && byOid.TryGetValue(c.ParentOid, out var parent) && parent.RelOid != c.RelOid && parent.Name != c.Name)
            {
                // A partition's foreign key under a name of its own (it was there before the partition was attached,
                // or the parent's name was taken): added first under that name, the parent's ADD FOREIGN KEY takes it
                // over instead of making a copy named after itself.
                ownNamed.AddRange(Ancestors(c, parentOf).Select(p => (c.Oid, p)));
            }
            else if (c.Type == 'f' && c.ParentOid != 0)
            {
                // A partition's copy of its parent's foreign key comes with the parent's; only its comment is its own.
                if (CloneComment(c, rel, parentOf, context) is { } comment)
                {
                    blocks.Add(comment);
                }

                continue;
            }

            var obj = Constraint(c, rel, byOid, context);
            blocks.Add(obj);
            if (c.Type != 'f' && c.IndexOid != 0)
            {
                obj.Aliases.Add(new CatalogId(CatalogId.PgClass, c.IndexOid));
                constraintByIndex[c.IndexOid] = obj;
            }
        }

        WaitForOwnNamedClones(blocks, ownNamed);
        return constraintByIndex;
    }

    /// <summary>The constraint's parent, its parent, and so on.</summary>
    private static List<uint> Ancestors(KeyConstraintRecord c, Dictionary<uint, uint> parentOf)
    {
        var ancestors = new List<uint>();
        for (var p = c.ParentOid; p != 0; p = parentOf.GetValueOrDefault(p))
        {
            ancestors.Add(p);
        }

        return ancestors;
    }

    private static DumpObject? CloneComment(KeyConstraintRecord c, RelationInfo rel, Dictionary<uint, uint> parentOf, EmitContext context)
    {
        var ancestors = Ancestors(c, parentOf).Select(p => new CatalogId(CatalogId.PgConstraint, p)).ToList();
        var id = new CatalogId(CatalogId.PgConstraint, c.Oid);
        return CloneCommentEmitter.Emit(rel, id, c.Name, "CONSTRAINT", context.Quoting.Ident(c.Name) + " ON " + rel.Qualified, c.Description, ancestors, context);
    }

    /// <summary>ALTER TABLE … ADD CONSTRAINT, after its table and, for a partition's key, after the parent's table.</summary>
    private static DumpObject Constraint(KeyConstraintRecord c, RelationInfo rel, Dictionary<uint, KeyConstraintRecord> byOid, EmitContext context)
    {
        var q = context.Quoting;
        var ifExists = context.Options.IfExists ? "IF EXISTS " : string.Empty;
        var isFk = c.Type == 'f';
        var only = isFk && rel.Kind == 'p' ? string.Empty : "ONLY ";
        var sb = new StringBuilder();
        sb.Append("ALTER TABLE ").Append(only).Append(rel.Qualified).Append("\n    ADD CONSTRAINT ").Append(q.Ident(c.Name)).Append(' ').Append(c.Definition).Append(";\n");
        context.Describe(sb, "CONSTRAINT", q.Ident(c.Name) + " ON " + rel.Qualified, c.Description);
        var obj = new DumpObject
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
        };
        obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, c.RelOid));
        if (c.ParentOid != 0 && byOid.TryGetValue(c.ParentOid, out var attachedTo))
        {
            // Both tables must exist, and the partition be attached, before the parent's key takes it over.
            obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, attachedTo.RelOid));
        }

        return obj;
    }

    /// <summary>Each ancestor key (written, when it has a name of its own or is the root) waits for the partitions' own keys.</summary>
    private static void WaitForOwnNamedClones(List<DumpObject> blocks, List<(uint Clone, uint Ancestor)> ownNamed)
    {
        var written = blocks.Where(o => o.Id.ClassId == CatalogId.PgConstraint).GroupBy(o => o.Id.ObjectId).ToDictionary(g => g.Key, g => g.First());
        foreach (var (clone, ancestor) in ownNamed)
        {
            if (written.TryGetValue(ancestor, out var ancestorObject))
            {
                ancestorObject.DependsOn.Add(new CatalogId(CatalogId.PgConstraint, clone));
            }
        }
    }

    private static void EmitIndexes(
        IReadOnlyList<IndexRecord> indexes, IReadOnlyDictionary<uint, RelationInfo> relations, Dictionary<uint, DumpObject> constraintByIndex, EmitContext context, List<DumpObject> blocks)
    {
        var q = context.Quoting;
        var d = context.Decorations;
        var indexNames = indexes.ToDictionary(i => i.Oid, i => q.Qualified(relations[i.RelOid].Schema, i.Name));
        foreach (var ix in indexes)
        {
            var rel = relations[ix.RelOid];
            var qi = indexNames[ix.Oid];
            var extra = new StringBuilder();
            foreach (var stat in ix.Statistics)
            {
                extra.Append("ALTER INDEX ").Append(qi).Append(" ALTER COLUMN ").Append(stat.Column).Append(" SET STATISTICS ").Append(stat.Target).Append(";\n");
            }

            if (ix.Clustered)
            {
                extra.Append("ALTER TABLE ").Append(rel.Qualified).Append(" CLUSTER ON ").Append(q.Ident(ix.Name)).Append(";\n");
            }

            if (ix.ReplicaIdentity)
            {
                extra.Append("ALTER TABLE ONLY ").Append(rel.Qualified).Append(" REPLICA IDENTITY USING INDEX ").Append(q.Ident(ix.Name)).Append(";\n");
            }

            if (constraintByIndex.TryGetValue(ix.Oid, out var constraint))
            {
                var sb = new StringBuilder().Append(extra);
                context.Describe(sb, "INDEX", qi, ix.Description);
                constraint.Sql = d.InTablespace(ix.Tablespace, constraint.Sql + sb);
            }
            else
            {
                var sb = new StringBuilder(ix.Definition).Append(";\n").Append(extra);
                context.Describe(sb, "INDEX", qi, ix.Description);
                var index = new DumpObject
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
                };
                index.DependsOn.Add(new CatalogId(CatalogId.PgClass, ix.RelOid));
                blocks.Add(index);
            }

            if (ix.ParentOid != 0 && indexNames.TryGetValue(ix.ParentOid, out var parentName))
            {
                var attach = new DumpObject
                {
                    Id = new CatalogId(CatalogId.PgInherits, ix.Oid),
                    Kind = "INDEX ATTACH",
                    Schema = rel.Schema,
                    Name = ix.Name,
                    Owner = null,
                    Section = DumpSection.PostData,
                    Priority = SortPriority.IndexAttach,
                    Sql = "ALTER INDEX " + parentName + " ATTACH PARTITION " + qi + ";\n",
                };
                attach.DependsOn.Add(new CatalogId(CatalogId.PgClass, ix.Oid));
                attach.DependsOn.Add(new CatalogId(CatalogId.PgClass, ix.ParentOid));
                blocks.Add(attach);
            }
        }
    }

    private static DumpObject Statistics(StatisticsRecord s, EmitContext context)
    {
        var qn = context.Quoting.Qualified(s.Schema, s.Name);
        var sb = new StringBuilder(s.Definition).Append(";\n");
        if (s.Target >= 0)
        {
            sb.Append("ALTER STATISTICS ").Append(qn).Append(" SET STATISTICS ").Append(s.Target.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(";\n");
        }

        context.Decorations.Owner(sb, "STATISTICS", qn, s.Owner);
        context.Describe(sb, "STATISTICS", qn, s.Description);
        var obj = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgStatisticExt, s.Oid),
            Kind = "STATISTICS",
            Schema = s.Schema,
            Name = s.Name,
            Owner = s.Owner,
            Section = DumpSection.PostData,
            Priority = SortPriority.StatisticsObject,
            Sql = sb.ToString(),
            DropSql = context.Decorations.Drop("STATISTICS", qn),
        };
        obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, s.RelOid));
        return obj;
    }
}
