using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Reads user-defined types of dumped schemas: enums (values in sort order, so values added later keep their
/// place), composite types, domains with their constraints, and range types. Array types and table row types
/// come with their element type or table and are not dumped on their own.
/// </summary>
internal static class TypeReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        var q = session.Quoting;
        var d = session.Decorations;
        var multirange = session.ServerVersion >= 140000
            ? "CASE WHEN rg.rngmultitypid <> 0 THEN (SELECT ARRAY[mn.nspname, mt.typname] FROM pg_catalog.pg_type mt JOIN pg_catalog.pg_namespace mn ON mn.oid = mt.typnamespace WHERE mt.oid = rg.rngmultitypid) END"
            : "NULL::text[]";
        var multirangeOid = session.ServerVersion >= 140000 ? "rg.rngmultitypid" : "0::pg_catalog.oid";

        // Before 16 a multirange type has privileges of its own (GRANT and REVOKE accept it; 16 refuses them and
        // checks the range type's instead), which its range type's CREATE TYPE does not set. pg_dump skips them.
        var multirangeAcl = session.ServerVersion is >= 140000 and < 160000
            ? "(SELECT mt.typacl::text[] FROM pg_catalog.pg_type mt WHERE mt.oid = rg.rngmultitypid), (SELECT pg_catalog.acldefault('T', mt.typowner)::text[] FROM pg_catalog.pg_type mt WHERE mt.oid = rg.rngmultitypid)"
            : "NULL::text[], NULL::text[]";
        var types = await session.QueryAsync(
            $"""
            SELECT t.oid, n.nspname, t.typname, t.typtype::text, pg_catalog.pg_get_userbyid(t.typowner), t.typacl::text[],
                   COALESCE(ip.initprivs, pg_catalog.acldefault('T', t.typowner))::text[], t.typrelid, t.typarray,
                   CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END, t.typnotnull,
                   pg_catalog.pg_get_expr(t.typdefaultbin, 0),
                   CASE WHEN t.typcollation <> bt.typcollation THEN ARRAY[cn.nspname, co.collname] END,
                   CASE WHEN t.typtype = 'r' THEN pg_catalog.format_type(rg.rngsubtype, NULL) END,
                   CASE WHEN rg.rngsubopc <> 0 AND NOT oc.opcdefault THEN ARRAY[ocn.nspname, oc.opcname] END,
                   CASE WHEN rg.rngcollation <> 0 AND rg.rngcollation <> st.typcollation THEN ARRAY[rcn.nspname, rco.collname] END,
                   CASE WHEN rg.rngcanonical <> 0 THEN rg.rngcanonical::pg_catalog.regproc::text END,
                   CASE WHEN rg.rngsubdiff <> 0 THEN rg.rngsubdiff::pg_catalog.regproc::text END,
                   {multirange}, {multirangeOid}, t.typbasetype, {multirangeAcl}
            FROM pg_catalog.pg_type t
            JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
            LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation
            LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
            LEFT JOIN pg_catalog.pg_range rg ON rg.rngtypid = t.oid
            LEFT JOIN pg_catalog.pg_type st ON st.oid = rg.rngsubtype
            LEFT JOIN pg_catalog.pg_opclass oc ON oc.oid = rg.rngsubopc
            LEFT JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace
            LEFT JOIN pg_catalog.pg_collation rco ON rco.oid = rg.rngcollation
            LEFT JOIN pg_catalog.pg_namespace rcn ON rcn.oid = rco.collnamespace
            LEFT JOIN pg_catalog.pg_init_privs ip ON ip.objoid = t.oid AND ip.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass AND ip.objsubid = 0
            WHERE t.typnamespace = ANY(@schemas)
              AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
            ORDER BY n.nspname, t.typname
            """,
            r => new TypeRow(
                r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3)[0], r.GetString(4), r.Arr(5), r.Arr(6), r.Oid(7), r.Oid(8),
                r.Str(9), r.Flag(10), r.Str(11), r.Arr(12), r.Str(13), r.Arr(14), r.Arr(15), r.Str(16), r.Str(17), r.Arr(18), r.Oid(19), r.Oid(20), r.Arr(21), r.Arr(22)),
            ct,
            ("schemas", session.DumpedSchemaOids));
        types = [.. types.Where(t => !session.IsExtensionMember(CatalogId.PgType, t.Oid))];
        var oids = types.Select(t => t.Oid).ToArray();
        var enumValues = (await session.QueryAsync(
            "SELECT enumtypid, enumlabel FROM pg_catalog.pg_enum WHERE enumtypid = ANY(@oids) ORDER BY enumtypid, enumsortorder",
            r => (Type: r.Oid(0), Label: r.GetString(1)),
            ct,
            ("oids", oids))).ToLookup(e => e.Type, e => e.Label);
        var relids = types.Where(t => t.RelId != 0).Select(t => t.RelId).ToArray();
        var attributes = (await session.QueryAsync(
            """
            SELECT a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
                   CASE WHEN a.attcollation <> at.typcollation THEN ARRAY[cn.nspname, co.collname] END, a.attnum
            FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
            LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
            LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
            WHERE a.attrelid = ANY(@oids) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum
            """,
            r => (Rel: r.Oid(0), Name: r.GetString(1), Type: r.GetString(2), Collation: r.Arr(3), Number: r.GetInt16(4)),
            ct,
            ("oids", relids))).ToLookup(a => a.Rel);
        // From 17 a domain's NOT NULL is a pg_constraint row too, with a name and maybe a comment.
        var domainContypes = session.ServerVersion >= 170000 ? "'c', 'n'" : "'c'";
        var domainConstraints = (await session.QueryAsync(
            $"SELECT co.contypid, co.oid, co.conname, pg_catalog.pg_get_constraintdef(co.oid), co.convalidated, co.contype::text FROM pg_catalog.pg_constraint co WHERE co.contypid = ANY(@oids) AND co.contype IN ({domainContypes}) ORDER BY co.conname",
            r => (Type: r.Oid(0), Oid: r.Oid(1), Name: r.GetString(2), Def: r.GetString(3), Valid: r.GetBoolean(4), Kind: r.GetString(5)[0]),
            ct,
            ("oids", oids))).ToLookup(c => c.Type);

        foreach (var t in types)
        {
            var qn = q.Qualified(t.Schema, t.Name);
            var sb = new StringBuilder();
            var obj = new DumpObject
            {
                Id = new CatalogId(CatalogId.PgType, t.Oid),
                Kind = t.Type == 'd' ? "DOMAIN" : "TYPE",
                Schema = t.Schema,
                Name = t.Name,
                Owner = t.Owner,
                Section = DumpSection.PreData,
                Priority = SortPriority.Type,
                Sql = string.Empty,
                DropSql = d.Drop(t.Type == 'd' ? "DOMAIN" : "TYPE", qn),
            };
            switch (t.Type)
            {
                case 'e':
                    sb.Append("CREATE TYPE ").Append(qn).Append(" AS ENUM (");
                    var labels = enumValues[t.Oid].ToList();
                    for (var i = 0; i < labels.Count; i++)
                    {
                        sb.Append(i == 0 ? "\n    " : ",\n    ").Append(Ddl.Quoting.Literal(labels[i]));
                    }

                    sb.Append(labels.Count > 0 ? "\n);\n" : ");\n");
                    break;
                case 'c':
                    sb.Append("CREATE TYPE ").Append(qn).Append(" AS (");
                    var first = true;
                    foreach (var a in attributes[t.RelId])
                    {
                        sb.Append(first ? "\n    " : ",\n    ").Append(q.Ident(a.Name)).Append(' ').Append(a.Type);
                        if (a.Collation is not null)
                        {
                            sb.Append(" COLLATE ").Append(q.Qualified(a.Collation[0], a.Collation[1]));
                        }

                        first = false;
                    }

                    sb.Append(first ? ");\n" : "\n);\n");
                    obj.Aliases.Add(new CatalogId(CatalogId.PgClass, t.RelId));
                    break;
                case 'd':
                    sb.Append("CREATE DOMAIN ").Append(qn).Append(" AS ").Append(t.BaseType);
                    if (t.Collation is not null)
                    {
                        sb.Append(" COLLATE ").Append(q.Qualified(t.Collation[0], t.Collation[1]));
                    }

                    if (t.Default is not null)
                    {
                        sb.Append(" DEFAULT ").Append(t.Default);
                    }

                    var notNull = domainConstraints[t.Oid].FirstOrDefault(c => c.Kind == 'n');
                    if (t.NotNull && notNull.Name is null)
                    {
                        sb.Append(" NOT NULL");
                    }

                    foreach (var c in domainConstraints[t.Oid])
                    {
                        if (c.Kind == 'n' && c.Valid)
                        {
                            // The server's own name for it is <domain>_not_null; any other name is written out.
                            sb.Append(c.Name == t.Name + "_not_null" ? " NOT NULL" : " CONSTRAINT " + q.Ident(c.Name) + " NOT NULL");
                            obj.Aliases.Add(new CatalogId(CatalogId.PgConstraint, c.Oid));
                        }
                        else if (c.Valid)
                        {
                            sb.Append("\n\tCONSTRAINT ").Append(q.Ident(c.Name)).Append(' ').Append(c.Def);
                            obj.Aliases.Add(new CatalogId(CatalogId.PgConstraint, c.Oid));
                        }
                        else
                        {
                            AddDomainCheck(session, plan, t, qn, c.Oid, c.Name, c.Def);
                        }
                    }

                    sb.Append(";\n");
                    if (t.BaseTypeOid != 0)
                    {
                        obj.DependsOn.Add(new CatalogId(CatalogId.PgType, t.BaseTypeOid));
                    }

                    break;
                case 'r':
                    sb.Append("CREATE TYPE ").Append(qn).Append(" AS RANGE (\n    subtype = ").Append(t.RangeSubtype);
                    if (t.RangeMultirange is not null)
                    {
                        sb.Append(",\n    multirange_type_name = ").Append(q.Qualified(t.RangeMultirange[0], t.RangeMultirange[1]));
                        obj.Aliases.Add(new CatalogId(CatalogId.PgType, t.MultirangeOid));
                    }

                    if (t.RangeOpclass is not null)
                    {
                        sb.Append(",\n    subtype_opclass = ").Append(q.Qualified(t.RangeOpclass[0], t.RangeOpclass[1]));
                    }

                    if (t.RangeCollation is not null)
                    {
                        sb.Append(",\n    collation = ").Append(q.Qualified(t.RangeCollation[0], t.RangeCollation[1]));
                    }

                    if (t.RangeCanonical is not null)
                    {
                        sb.Append(",\n    canonical = ").Append(t.RangeCanonical);
                    }

                    if (t.RangeSubdiff is not null)
                    {
                        sb.Append(",\n    subtype_diff = ").Append(t.RangeSubdiff);
                    }

                    sb.Append("\n);\n");
                    break;
            }

            d.Owner(sb, t.Type == 'd' ? "DOMAIN" : "TYPE", qn, t.Owner);
            d.Acl(sb, "TYPE", qn, null, t.Acl, t.InitialAcl, of: new(CatalogId.PgType, t.Oid), writeOutDefault: true);
            if (t.MultirangeAcl is not null && t.RangeMultirange is not null)
            {
                // Read before 16 only (see the query): later majors refuse the statement and ignore the privileges.
                d.Acl(sb, "TYPE", q.Qualified(t.RangeMultirange[0], t.RangeMultirange[1]), null, t.MultirangeAcl, t.MultirangeDefaultAcl, of: new(CatalogId.PgType, t.MultirangeOid));
            }

            session.Describe(sb, t.Type == 'd' ? "DOMAIN" : "TYPE", qn, CatalogId.PgType, t.Oid);
            foreach (var c in domainConstraints[t.Oid].Where(c => c.Valid))
            {
                // A NOT VALID constraint is added after the data: its comment goes with it.
                session.Describe(sb, "CONSTRAINT", q.Ident(c.Name) + " ON DOMAIN " + qn, CatalogId.PgConstraint, c.Oid);
            }

            if (t.Type == 'c')
            {
                foreach (var a in attributes[t.RelId])
                {
                    session.Describe(sb, "COLUMN", qn + "." + q.Ident(a.Name), CatalogId.PgClass, t.RelId, a.Number);
                }
            }

            obj.Sql = sb.ToString();
            if (t.ArrayType != 0)
            {
                obj.Aliases.Add(new CatalogId(CatalogId.PgType, t.ArrayType));
            }

            plan.Add(obj);
        }
    }

    private static void AddDomainCheck(CatalogSession session, PlanBuilder plan, TypeRow t, string qn, uint oid, string name, string def)
    {
        var q = session.Quoting;
        var sb = new StringBuilder("ALTER DOMAIN ").Append(qn).Append("\n    ADD CONSTRAINT ").Append(q.Ident(name)).Append(' ').Append(def).Append(";\n");
        session.Describe(sb, "CONSTRAINT", q.Ident(name) + " ON DOMAIN " + qn, CatalogId.PgConstraint, oid);
        var obj = plan.Add(new DumpObject
        {
            Id = new CatalogId(CatalogId.PgConstraint, oid),
            Kind = "CHECK CONSTRAINT",
            Schema = t.Schema,
            Name = t.Name + " " + name,
            Owner = t.Owner,
            Section = DumpSection.PostData,
            Priority = SortPriority.Constraint,
            Sql = sb.ToString(),
            DropSql = "ALTER DOMAIN " + qn + " DROP CONSTRAINT " + (session.Options.IfExists ? "IF EXISTS " : string.Empty) + q.Ident(name) + ";\n",
        });
        obj.DependsOn.Add(new CatalogId(CatalogId.PgType, t.Oid));
    }

    private sealed record TypeRow(
        uint Oid, string Schema, string Name, char Type, string Owner, string[]? Acl, string[]? InitialAcl, uint RelId, uint ArrayType,
        string? BaseType, bool NotNull, string? Default, string[]? Collation, string? RangeSubtype, string[]? RangeOpclass,
        string[]? RangeCollation, string? RangeCanonical, string? RangeSubdiff, string[]? RangeMultirange, uint MultirangeOid, uint BaseTypeOid,
        string[]? MultirangeAcl, string[]? MultirangeDefaultAcl);
}
