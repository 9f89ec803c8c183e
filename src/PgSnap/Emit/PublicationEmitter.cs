using System.Text;
using PgSnap.Catalog;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// CREATE PUBLICATION blocks, then one ALTER PUBLICATION … ADD block per dumped table or schema, each depending on
/// its publication (post-data, like pg_dump).
/// </summary>
internal static class PublicationEmitter
{
    public static List<DumpObject> Emit(PublicationSet set, IReadOnlyDictionary<uint, RelationInfo> relations, EmitContext context)
    {
        var q = context.Quoting;
        var blocks = new List<DumpObject>();
        var byOid = set.Publications.ToDictionary(p => p.Oid);
        foreach (var p in set.Publications.Where(p => p.Create))
        {
            blocks.Add(Publication(p, context));
        }

        foreach (var pr in set.Tables)
        {
            var pub = byOid[pr.PublicationOid];
            var rel = relations[pr.RelationOid];
            var sb = new StringBuilder("ALTER PUBLICATION ").Append(q.Ident(pub.Name)).Append(" ADD TABLE ONLY ").Append(rel.Qualified);
            if (pr.Columns is { Count: > 0 })
            {
                sb.Append(" (").Append(q.IdentList(pr.Columns)).Append(')');
            }

            if (pr.Where is not null)
            {
                sb.Append(" WHERE (").Append(pr.Where).Append(')');
            }

            sb.Append(";\n");
            var block = new DumpObject
            {
                Id = new CatalogId(CatalogId.PgPublicationRel, pr.Oid),
                Kind = "PUBLICATION TABLE",
                Schema = rel.Schema,
                Name = pub.Name + " " + rel.Name,
                Owner = pub.Owner,
                Section = DumpSection.PostData,
                Priority = SortPriority.PublicationRelation,
                Sql = sb.ToString(),
            };
            block.DependsOn.Add(new CatalogId(CatalogId.PgPublication, pub.Oid));
            block.DependsOn.Add(new CatalogId(CatalogId.PgClass, pr.RelationOid));
            blocks.Add(block);
        }

        foreach (var ps in set.Schemas)
        {
            var pub = byOid[ps.PublicationOid];
            var block = new DumpObject
            {
                Id = new CatalogId(CatalogId.PgPublicationNamespace, ps.Oid),
                Kind = "PUBLICATION TABLES IN SCHEMA",
                Schema = ps.Schema,
                Name = pub.Name + " " + ps.Schema,
                Owner = pub.Owner,
                Section = DumpSection.PostData,
                Priority = SortPriority.PublicationSchema,
                Sql = "ALTER PUBLICATION " + q.Ident(pub.Name) + " ADD TABLES IN SCHEMA " + q.Ident(ps.Schema) + ";\n",
            };
            block.DependsOn.Add(new CatalogId(CatalogId.PgPublication, pub.Oid));
            blocks.Add(block);
        }

        return blocks;
    }

    private static DumpObject Publication(PublicationRecord p, EmitContext context)
    {
        var qn = context.Quoting.Ident(p.Name);
        var d = context.Decorations;
        var publish = new List<string>();
        if (p.Insert)
        {
            publish.Add("insert");
        }

        if (p.Update)
        {
            publish.Add("update");
        }

        if (p.Delete)
        {
            publish.Add("delete");
        }

        if (p.Truncate)
        {
            publish.Add("truncate");
        }

        var sb = new StringBuilder("CREATE PUBLICATION ").Append(qn);
        if (p.AllTables)
        {
            sb.Append(" FOR ALL TABLES");
        }

        sb.Append(" WITH (publish = ").Append(Ddl.Quoting.Literal(string.Join(", ", publish)));
        if (p.ViaRoot)
        {
            sb.Append(", publish_via_partition_root = true");
        }

        if (p.StoredGenerated)
        {
            sb.Append(", publish_generated_columns = stored");
        }

        sb.Append(");\n");
        d.Owner(sb, "PUBLICATION", qn, p.Owner);
        context.Describe(sb, "PUBLICATION", qn, p.Description);
        return new DumpObject
        {
            Id = new CatalogId(CatalogId.PgPublication, p.Oid),
            Kind = "PUBLICATION",
            Schema = null,
            Name = p.Name,
            Owner = p.Owner,
            Section = DumpSection.PostData,
            Priority = SortPriority.Publication,
            Sql = sb.ToString(),
            DropSql = d.Drop("PUBLICATION", qn),
        };
    }
}
