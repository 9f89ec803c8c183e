using System.Text;
using PgSnap.Dump;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Publications (post-data, like pg_dump) with their tables (column lists and row filters on 15+) and schemas.
/// Left out with --no-publications. The Supabase profile never creates supabase_realtime (the platform owns it)
/// but keeps the project's tables in it.
/// </summary>
internal static class PublicationReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        if (session.Options.NoPublications)
        {
            return;
        }

        var q = session.Quoting;
        var d = session.Decorations;
        var v15 = session.ServerVersion >= 150000;
        var generatedColumns = session.ServerVersion >= 180000 ? "p.pubgencols::text" : "'n'";
        var pubs = await session.QueryAsync(
            $"""
            SELECT p.oid, p.pubname, pg_catalog.pg_get_userbyid(p.pubowner), p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot,
                   {generatedColumns}
            FROM pg_catalog.pg_publication p ORDER BY p.pubname
            """,
            r => (Oid: r.Oid(0), Name: r.GetString(1), Owner: r.GetString(2), All: r.GetBoolean(3), Insert: r.GetBoolean(4), Update: r.GetBoolean(5), Delete: r.GetBoolean(6), Truncate: r.GetBoolean(7), ViaRoot: r.GetBoolean(8),
                  StoredGenerated: r.GetString(9) == "s"),
            ct);
        var supabase = session.Options.Profile == DumpProfile.Supabase;
        var pubIds = new Dictionary<uint, (string Name, string Owner, CatalogId Id)>();
        foreach (var p in pubs)
        {
            var qn = q.Ident(p.Name);
            var id = new CatalogId(CatalogId.PgPublication, p.Oid);
            pubIds[p.Oid] = (p.Name, p.Owner, id);
            if (session.IsSelective || (supabase && p.Name == "supabase_realtime"))
            {
                continue;
            }

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
            if (p.All)
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
                // 18+: stored generated columns are replicated too.
                sb.Append(", publish_generated_columns = stored");
            }

            sb.Append(");\n");
            d.Owner(sb, "PUBLICATION", qn, p.Owner);
            session.Describe(sb, "PUBLICATION", qn, CatalogId.PgPublication, p.Oid);
            plan.Add(new DumpObject
            {
                Id = id,
                Kind = "PUBLICATION",
                Schema = null,
                Name = p.Name,
                Owner = p.Owner,
                Section = DumpSection.PostData,
                Priority = SortPriority.Publication,
                Sql = sb.ToString(),
                DropSql = d.Drop("PUBLICATION", qn),
            });
        }

        var extra = v15
            ? """
              , (SELECT pg_catalog.array_agg(a.attname ORDER BY a.attnum) FROM pg_catalog.pg_attribute a WHERE a.attrelid = pr.prrelid AND a.attnum = ANY(pr.prattrs)),
                pg_catalog.pg_get_expr(pr.prqual, pr.prrelid)
              """
            : ", NULL::text[], NULL::text";
        var rels = await session.QueryAsync(
            $"SELECT pr.oid, pr.prpubid, pr.prrelid {extra} FROM pg_catalog.pg_publication_rel pr WHERE pr.prrelid = ANY(@rels)",
            r => (Oid: r.Oid(0), Pub: r.Oid(1), Rel: r.Oid(2), Columns: r.Arr(3), Where: r.Str(4)),
            ct,
            ("rels", plan.Relations.Keys.ToArray()));
        foreach (var pr in rels)
        {
            var (pubName, owner, pubId) = pubIds[pr.Pub];
            var rel = plan.Relations[pr.Rel];
            var sb = new StringBuilder("ALTER PUBLICATION ").Append(q.Ident(pubName)).Append(" ADD TABLE ONLY ").Append(rel.Qualified);
            if (pr.Columns is { Length: > 0 })
            {
                sb.Append(" (").Append(q.IdentList(pr.Columns)).Append(')');
            }

            if (pr.Where is not null)
            {
                sb.Append(" WHERE (").Append(pr.Where).Append(')');
            }

            sb.Append(";\n");
            var obj = plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgPublicationRel, pr.Oid),
                Kind = "PUBLICATION TABLE",
                Schema = rel.Schema,
                Name = pubName + " " + rel.Name,
                Owner = owner,
                Section = DumpSection.PostData,
                Priority = SortPriority.PublicationRelation,
                Sql = sb.ToString(),
            });
            obj.DependsOn.Add(pubId);
            obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, pr.Rel));
        }

        if (v15)
        {
            var schemas = await session.QueryAsync(
                "SELECT pn.oid, pn.pnpubid, pn.pnnspid FROM pg_catalog.pg_publication_namespace pn WHERE pn.pnnspid = ANY(@schemas)",
                r => (Oid: r.Oid(0), Pub: r.Oid(1), Schema: r.Oid(2)),
                ct,
                ("schemas", session.DumpedSchemaOids));
            foreach (var ps in schemas)
            {
                var (pubName, owner, pubId) = pubIds[ps.Pub];
                var schemaName = session.DumpedSchemas[ps.Schema];
                var obj = plan.Add(new DumpObject
                {
                    Id = new CatalogId(CatalogId.PgPublicationNamespace, ps.Oid),
                    Kind = "PUBLICATION TABLES IN SCHEMA",
                    Schema = schemaName,
                    Name = pubName + " " + schemaName,
                    Owner = owner,
                    Section = DumpSection.PostData,
                    Priority = SortPriority.PublicationSchema,
                    Sql = "ALTER PUBLICATION " + q.Ident(pubName) + " ADD TABLES IN SCHEMA " + q.Ident(schemaName) + ";\n",
                });
                obj.DependsOn.Add(pubId);
            }
        }
    }
}
